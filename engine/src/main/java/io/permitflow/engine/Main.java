package io.permitflow.engine;

import io.camunda.zeebe.process.test.engine.EngineWiring;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Starts the local PermitFlow engine: one Zeebe partition with its log on disk, the gRPC gateway
 * and the REST facade. Settings come from the properties file named by -Dpermitflow.engine.config
 * (engine/engine.properties), each overridable by an environment variable (see engine/README.md).
 */
public final class Main {
  private Main() {}

  public static void main(final String[] args) throws Exception {
    final long started = System.nanoTime();
    final Properties props = load(System.getProperty("permitflow.engine.config"));
    final String host = setting(props, "engine.host", "PF_ENGINE_HOST", "127.0.0.1");
    final int grpcPort = Integer.parseInt(setting(props, "engine.grpc.port", "PF_ENGINE_GRPC_PORT", "26500"));
    final int restPort = Integer.parseInt(setting(props, "engine.rest.port", "PF_ENGINE_REST_PORT", "8088"));
    final Path dataDir = Path.of(setting(props, "engine.data.dir", "PF_ENGINE_DATA_DIR", ".cache/engine-data"));
    final boolean controlledClock =
        Boolean.parseBoolean(setting(props, "engine.clock.controlled", "PF_ENGINE_CLOCK_CONTROLLED", "false"));
    final boolean fsync = Boolean.parseBoolean(setting(props, "engine.log.fsync", "PF_ENGINE_LOG_FSYNC", "true"));
    final String version = setting(props, "engine.version", "PF_ENGINE_VERSION", "8.8.21");

    Files.createDirectories(dataDir);
    final FileChannel lockChannel =
        FileChannel.open(dataDir.resolve("engine.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    final FileLock lock = lockChannel.tryLock();
    if (lock == null) {
      System.err.println("Another engine already uses the data directory " + dataDir.toAbsolutePath());
      System.exit(3);
    }

    final FileLogStorage storage = new FileLogStorage(dataDir.resolve("partition-1.log"), fsync);
    final EngineWiring engine = new EngineWiring(storage, host, grpcPort);
    engine.start();

    final Projection projection = new Projection();
    final RecordTail tail = new RecordTail(engine.logStream().newLogStreamReader(), projection);
    storage.addCommitListener(tail::wake);
    final Thread tailThread = new Thread(tail, "record-tail");
    tailThread.setDaemon(true);
    tailThread.start();

    // The read model must hold the whole history before the REST API answers (searches after a
    // restart would otherwise miss what is still being replayed into it).
    final long end;
    try (var reader = engine.logStream().newLogStreamReader()) {
      end = reader.seekToEnd();
    }
    final long deadline = System.currentTimeMillis() + 120_000;
    while (end > 0 && tail.lastPosition() < end && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }

    final RestGateway rest =
        new RestGateway(
            host,
            restPort,
            engine.logStream().newLogStreamWriter(),
            tail,
            projection,
            engine.clock(),
            controlledClock,
            version);
    rest.start();

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("permitflow-engine: stopping");
                  rest.stop();
                  tail.stop();
                  try {
                    engine.close();
                    storage.close();
                    lock.release();
                  } catch (final Exception e) {
                    System.err.println("permitflow-engine: error while stopping: " + e);
                  }
                  System.err.println("permitflow-engine: stopped");
                }));

    final long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "{\"event\":\"engine-ready\",\"grpc\":\"%s:%d\",\"rest\":\"http://%s:%d\",\"replayedBlocks\":%d,"
            + "\"controlledClock\":%s,\"startMillis\":%d}%n",
        host, grpcPort, host, restPort, storage.blockCount(), controlledClock, millis);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static Properties load(final String file) throws IOException {
    final Properties props = new Properties();
    if (file != null && Files.exists(Path.of(file))) {
      try (InputStream in = new FileInputStream(file)) {
        props.load(in);
      }
    }
    return props;
  }

  private static String setting(
      final Properties props, final String key, final String env, final String fallback) {
    final String fromEnv = System.getenv(env);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    return props.getProperty(key, fallback);
  }
}
