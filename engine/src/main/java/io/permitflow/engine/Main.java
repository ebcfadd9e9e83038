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

  /** Exit code when a port of the engine is taken (another engine, or another program). */
  static final int PORT_IN_USE = 4;

  /**
   * Starts the engine; a failure to start ends the process at once (the engine's own threads
   * would keep a JVM whose start failed alive until its launcher gave up waiting).
   */
  public static void main(final String[] args) {
    try {
      run();
    } catch (final Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof java.net.BindException) {
          System.err.println("permitflow-engine: a port is already in use: " + t.getMessage());
          System.exit(PORT_IN_USE);
        }
      }
      t.printStackTrace();
      System.exit(1);
    }
  }

  /** Throws a BindException when another program listens on host:port. */
  private static void requireFree(final String host, final int port) throws IOException {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress(host, port));
    } catch (final java.net.BindException e) {
      throw new java.net.BindException(host + ":" + port + ": " + e.getMessage());
    }
  }

  private static void run() throws Exception {
    final long started = System.nanoTime();
    final Properties props = load(System.getProperty("permitflow.engine.config"));
    final String host = setting(props, "engine.host", "PF_ENGINE_HOST", "127.0.0.1");
    final int grpcPort = Integer.parseInt(setting(props, "engine.grpc.port", "PF_ENGINE_GRPC_PORT", "26500"));
    final int restPort = Integer.parseInt(setting(props, "engine.rest.port", "PF_ENGINE_REST_PORT", "8088"));
    final Path dataDir = Path.of(setting(props, "engine.data.dir", "PF_ENGINE_DATA_DIR", ".cache/engine-data"));
    final boolean controlledClock =
        Boolean.parseBoolean(setting(props, "engine.clock.controlled", "PF_ENGINE_CLOCK_CONTROLLED", "false"));
    final boolean fsync = Boolean.parseBoolean(setting(props, "engine.log.fsync", "PF_ENGINE_LOG_FSYNC", "true"));
    final long segmentBytes =
        (long) (Double.parseDouble(setting(props, "engine.log.segment.mb", "PF_ENGINE_LOG_SEGMENT_MB", "4")) * 1024 * 1024);
    final long groupCommitMicros =
        Long.parseLong(setting(props, "engine.log.group.commit.micros", "PF_ENGINE_LOG_GROUP_COMMIT_MICROS", "0"));
    final long snapshotRecords =
        Long.parseLong(setting(props, "engine.snapshot.every.records", "PF_ENGINE_SNAPSHOT_EVERY_RECORDS", "5000"));
    final double snapshotMinutes =
        Double.parseDouble(setting(props, "engine.snapshot.every.minutes", "PF_ENGINE_SNAPSHOT_EVERY_MINUTES", "5"));
    final int snapshotKeep = Integer.parseInt(setting(props, "engine.snapshot.keep", "PF_ENGINE_SNAPSHOT_KEEP", "2"));
    final int historyInstances =
        Integer.parseInt(setting(props, "engine.history.instances", "PF_ENGINE_HISTORY_INSTANCES", "2000"));
    final double historyDays =
        Double.parseDouble(setting(props, "engine.history.days", "PF_ENGINE_HISTORY_DAYS", "0"));
    // Camunda's usage metrics (the counts a licensed cluster reports): each export is a command
    // appended to the log, also on an idle engine; 0 turns them off here (nothing reads them locally)
    final double usageMetricsMinutes =
        Double.parseDouble(setting(props, "engine.usage.metrics.minutes", "PF_ENGINE_USAGE_METRICS_MINUTES", "0"));
    final String version = setting(props, "engine.version", "PF_ENGINE_VERSION", "8.8.21");

    // a taken port ends the start before the engine and its log are loaded (seconds on a busy machine)
    requireFree(host, grpcPort);
    requireFree(host, restPort);

    Files.createDirectories(dataDir);
    final FileChannel lockChannel =
        FileChannel.open(dataDir.resolve("engine.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    final FileLock lock = lockChannel.tryLock();
    if (lock == null) {
      System.err.println("Another engine already uses the data directory " + dataDir.toAbsolutePath());
      System.exit(3);
    }

    final FileLogStorage storage =
        new FileLogStorage(
            dataDir.resolve("log"), dataDir.resolve("partition-1.log"), fsync, segmentBytes, groupCommitMicros);
    System.err.println("permitflow-engine: log " + storage.loadReport());
    final SnapshotStore store = new SnapshotStore(dataDir.resolve("snapshots"), fsync);
    final SnapshotStore.Snapshot snapshot = chooseSnapshot(store, storage);
    final Projection projection = new Projection(historyInstances, (long) (historyDays * 86_400_000L));
    if (snapshot != null) {
      projection.restore(snapshot.projectionPosition(), snapshot.projection());
    }
    final long logEnd = storage.committedPosition();
    final long fromPosition = snapshot == null ? 0 : snapshot.processedPosition();
    final long replayRecords = Math.max(0, logEnd - fromPosition);

    // the token is never a property in a file: the launcher hands it over in the environment
    final AccessCredentials access = new AccessCredentials(System.getenv("PF_ENGINE_TOKEN"));
    final EngineWiring engine =
        new EngineWiring(
            storage,
            host,
            grpcPort,
            snapshot == null ? null : snapshot.entries(),
            usageMetricsMinutes > 0
                ? java.time.Duration.ofSeconds(Math.round(usageMetricsMinutes * 60))
                : EngineWiring.USAGE_METRICS_OFF,
            access.grpcInterceptor());
    final long replayStarted = System.nanoTime();
    engine.start();
    engine.awaitReplayed(600_000);
    final long replayMillis = (System.nanoTime() - replayStarted) / 1_000_000;
    System.err.printf(
        "permitflow-engine: replayed %d records after %s in %d ms%n",
        replayRecords,
        snapshot == null ? "no snapshot (the whole log)" : "snapshot " + snapshot.file().getFileName(),
        replayMillis);

    final RecordTail tail =
        new RecordTail(engine.logStream().newLogStreamReader(), projection, engine.gateway()::jobActivity);
    storage.addCommitListener(tail::wake);
    final Thread tailThread = new Thread(tail, "record-tail");
    tailThread.setDaemon(true);
    tailThread.start();

    // The read model must hold the whole history before the REST API answers (searches after a
    // restart would otherwise miss what is still being replayed into it).
    final long deadline = System.currentTimeMillis() + 120_000;
    while (logEnd > 0 && tail.lastPosition() < logEnd && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }

    final SnapshotDirector snapshots =
        new SnapshotDirector(
            engine, storage, projection, store, snapshotRecords, (long) (snapshotMinutes * 60_000), snapshotKeep);
    final long startMillis = (System.nanoTime() - started) / 1_000_000;
    final EngineStatus status =
        new EngineStatus(
            engine, storage, projection, snapshots, replayRecords, replayMillis, startMillis,
            snapshot == null ? null : snapshot.processedPosition(), logEnd);
    final RestGateway rest =
        new RestGateway(
            host,
            restPort,
            engine.logStream().newLogStreamWriter(),
            tail,
            projection,
            engine.clock(),
            controlledClock,
            version,
            status::figures,
            access);
    rest.start();
    snapshots.start();

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("permitflow-engine: stopping");
                  rest.stop();
                  snapshots.stop();
                  snapshots.take("stop");
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

    System.out.printf(
        "{\"event\":\"engine-ready\",\"grpc\":\"%s:%d\",\"rest\":\"http://%s:%d\",\"replayedRecords\":%d,"
            + "\"replayMillis\":%d,\"snapshotPosition\":%s,\"logBytes\":%d,\"controlledClock\":%s,\"startMillis\":%d}%n",
        host, grpcPort, host, restPort, replayRecords, replayMillis,
        snapshot == null ? "null" : String.valueOf(snapshot.processedPosition()),
        storage.sizeBytes(), controlledClock, startMillis);
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * The newest snapshot that reads back whole and whose log is still on disk; a damaged one is set
   * aside and the previous one is tried. Null when there is none (the whole log is replayed, which
   * needs the log from its first record).
   */
  private static SnapshotStore.Snapshot chooseSnapshot(
      final SnapshotStore store, final FileLogStorage storage) throws java.io.IOException {
    final long first = storage.firstPosition();
    final long end = storage.committedPosition();
    for (final Path file : store.files()) {
      final SnapshotStore.Snapshot s;
      try {
        s = store.read(file);
      } catch (final java.io.IOException e) {
        System.err.println(
            "permitflow-engine: snapshot " + file.getFileName() + " is damaged (" + e.getMessage()
                + "); trying the previous one");
        store.setAside(file);
        continue;
      }
      if (first > s.neededFrom() || end < s.processedPosition()) {
        System.err.println(
            "permitflow-engine: snapshot " + file.getFileName() + " needs the log from position "
                + s.neededFrom() + " to " + s.processedPosition() + " but it holds " + first + ".." + end
                + "; trying the previous one");
        continue;
      }
      return s;
    }
    if (first > 1) {
      throw new IllegalStateException(
          "No usable snapshot in " + store.files() + " and the log starts at position " + first
              + " (older records were compacted): the engine state cannot be rebuilt. Restore the data directory from a backup.");
    }
    return null;
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
