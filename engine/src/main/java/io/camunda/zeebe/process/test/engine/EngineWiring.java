package io.camunda.zeebe.process.test.engine;

import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.process.test.engine.db.InMemoryDbFactory;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.stream.api.StreamClock.ControllableStreamClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;

/**
 * Assembles one Zeebe partition: the real engine processors on a stream processor, fed by a log
 * whose storage we choose (file-backed, so a restart replays every event and loses nothing), and
 * the Zeebe gRPC gateway of zeebe-process-test. Lives in this package because the gateway classes
 * are package-private.
 */
public final class EngineWiring implements AutoCloseable {
  public static final int PARTITION_ID = 1;

  /**
   * The engine's clock, as in a Zeebe broker: the actor scheduler runs on the system clock, and the
   * stream processor (timer due dates, job deadlines, record timestamps) reads this clock, which the
   * CLOCK PIN / RESET commands modify (see RestGateway). Pinning never touches the scheduler's own
   * time, so its periodic checks keep running and the due-date checkers compare against the pinned
   * time: a clock moved backwards and then forwards again fires the timers that became due.
   */
  private final ControllableStreamClock clock = new ControllableStreamClockImpl(InstantSource.system());
  private final ActorScheduler scheduler;
  private final LogStream logStream;
  private final Server grpcServer;
  private final StreamProcessor streamProcessor;
  private final ZeebeDb<ZbColumnFamilies> db;

  public EngineWiring(final LogStorage storage, final String grpcHost, final int grpcPort) {
    scheduler = ActorScheduler.newActorScheduler().build();
    scheduler.start();
    logStream =
        LogStream.builder()
            .withPartitionId(PARTITION_ID)
            .withLogStorage(storage)
            .withClock(clock)
            .withMeterRegistry(new SimpleMeterRegistry())
            .build();

    final CommandWriter writer = new CommandWriter(logStream.newLogStreamWriter());
    final CommandSender sender = new CommandSender(writer);
    final GatewayRequestStore requests = new GatewayRequestStore();
    final InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(writer);
    final GrpcToLogStreamGateway gateway =
        new GrpcToLogStreamGateway(writer, PARTITION_ID, 1, grpcPort, requests, jobStreamer);
    grpcServer =
        io.grpc.netty.NettyServerBuilder.forAddress(new InetSocketAddress(grpcHost, grpcPort))
            .addService(gateway)
            .build();
    final GrpcResponseWriter responses = new GrpcResponseWriter(gateway, requests, null);

    db = new InMemoryDbFactory<ZbColumnFamilies>().createDb();
    final SecurityConfiguration security = new SecurityConfiguration();
    security.getAuthorizations().setEnabled(false);
    streamProcessor =
        StreamProcessor.builder()
            .logStream(logStream)
            .zeebeDb(db)
            .commandResponseWriter(responses)
            .partitionCommandSender(sender)
            .recordProcessors(
                List.of(
                    new Engine(
                        context ->
                            EngineProcessors.createEngineProcessors(
                                context,
                                1,
                                new SubscriptionCommandSender(context.getPartitionId(), sender),
                                sender,
                                FeatureFlags.createDefault(),
                                jobStreamer,
                                SearchClientsProxy.noop(),
                                new BrokerRequestAuthorizationConverter(security)),
                        new EngineConfiguration(),
                        security)))
            .actorSchedulingService(scheduler)
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .build();
  }

  /** Opens the stream processor (which first replays the log) and then the gRPC port. */
  public void start() throws Exception {
    streamProcessor.openAsync(false).join();
    grpcServer.start();
  }

  public LogStream logStream() {
    return logStream;
  }

  public ControllableStreamClock clock() {
    return clock;
  }

  @Override
  public void close() throws Exception {
    grpcServer.shutdown();
    grpcServer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    streamProcessor.closeAsync().join();
    logStream.close();
    db.close();
    scheduler.stop().get();
  }
}
