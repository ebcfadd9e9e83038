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
import io.camunda.zeebe.process.test.engine.db.DbContents;
import io.camunda.zeebe.process.test.engine.db.InMemoryDbFactory;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.stream.api.StreamClock.ControllableStreamClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.stream.impl.state.DbLastProcessedPositionState;
import io.camunda.zeebe.stream.impl.state.StreamProcessorDbState;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Assembles one Zeebe partition: the real engine processors on a stream processor, fed by a log
 * whose storage we choose (file-backed, so a restart replays every event and loses nothing), and
 * the Zeebe gRPC gateway of zeebe-process-test. Lives in this package because the gateway classes
 * are package-private.
 */
public final class EngineWiring implements AutoCloseable {
  public static final int PARTITION_ID = 1;
  /** An export interval no engine here lives to see: usage metrics off. */
  public static final java.time.Duration USAGE_METRICS_OFF = java.time.Duration.ofDays(36_500);

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
  private final LongPollingGateway gateway;
  private final DbLastProcessedPositionState processedPosition;

  /** The committed engine state at one moment: its entries and the last processed position. */
  public record State(List<byte[][]> entries, long processedPosition, long appendedPosition) {}

  /**
   * @param restored the entries of a snapshot to start from (null: start empty and replay the whole
   *     log); the stream processor then replays only the log after the snapshot's processed position
   */
  public EngineWiring(
      final LogStorage storage,
      final String grpcHost,
      final int grpcPort,
      final List<byte[][]> restored,
      final java.time.Duration usageMetricsExportInterval,
      final io.grpc.ServerInterceptor access) {
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
    gateway = new LongPollingGateway(writer, PARTITION_ID, 1, grpcPort, requests, jobStreamer);
    grpcServer =
        io.grpc.netty.NettyServerBuilder.forAddress(new InetSocketAddress(grpcHost, grpcPort))
            .addService(io.grpc.ServerInterceptors.intercept(gateway, access))
            // Clients on this machine need no compression: the JS SDK gzips every request by
            // default and stops once the server's grpc-accept-encoding leaves gzip out. Gzip is
            // still understood (a channel's first request is sent before that header is seen).
            .decompressorRegistry(
                io.grpc.DecompressorRegistry.emptyInstance()
                    .with(io.grpc.Codec.Identity.NONE, true)
                    .with(new io.grpc.Codec.Gzip(), false))
            .build();
    final GrpcResponseWriter responses = new GrpcResponseWriter(gateway, requests, null);

    db = new InMemoryDbFactory<ZbColumnFamilies>().createDb();
    if (restored != null) {
      DbContents.load(db, restored);
    }
    processedPosition =
        new StreamProcessorDbState(db, db.createContext()).getLastProcessedPositionState();
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
                                gateway.notifyingStreamer(jobStreamer),
                                SearchClientsProxy.noop(),
                                new BrokerRequestAuthorizationConverter(security)),
                        new EngineConfiguration().setUsageMetricsExportInterval(usageMetricsExportInterval),
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

  /**
   * Copies the committed state on the stream processor's own thread (between two commands), with
   * the last processed position stored in it and the log's end at that moment.
   */
  public State captureState(final LongSupplier appendedPosition) {
    return streamProcessor
        .call(
            () ->
                new State(
                    DbContents.copy(db),
                    processedPosition.getLastSuccessfulProcessedRecordPosition(),
                    appendedPosition.getAsLong()))
        .join();
  }

  /** The last processed position stored in the (restored) state, before the engine starts. */
  public long restoredProcessedPosition() {
    return processedPosition.getLastSuccessfulProcessedRecordPosition();
  }

  /** Waits until the stream processor has replayed the log and processes new commands. */
  public void awaitReplayed(final long timeoutMillis) throws InterruptedException {
    final long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (streamProcessor.getCurrentPhase().join() == StreamProcessor.Phase.PROCESSING) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the engine did not finish replaying its log in time");
  }

  public boolean isHealthy() {
    return !streamProcessor.isFailed() && streamProcessor.isOpened();
  }

  public int stateEntries() {
    return DbContents.size(db);
  }

  public LongPollingGateway gateway() {
    return gateway;
  }

  public LogStream logStream() {
    return logStream;
  }

  public ControllableStreamClock clock() {
    return clock;
  }

  @Override
  public void close() throws Exception {
    gateway.close();
    grpcServer.shutdown();
    grpcServer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    streamProcessor.closeAsync().join();
    logStream.close();
    db.close();
    scheduler.stop().get();
  }
}
