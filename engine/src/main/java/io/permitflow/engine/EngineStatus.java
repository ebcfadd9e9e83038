package io.permitflow.engine;

import io.camunda.zeebe.process.test.engine.EngineWiring;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine reports about itself at {@code GET /permitflow/engine} (not a Camunda endpoint):
 * the log (size, segments, positions, bytes appended and fsyncs since start), snapshots (count,
 * last position and age), the replay at the last start (records, time), long polling, the read
 * model's sizes and the JVM's heap and resident memory.
 */
final class EngineStatus {
  private final EngineWiring engine;
  private final FileLogStorage storage;
  private final Projection projection;
  private final SnapshotDirector snapshots;
  private final long replayRecords;
  private final long replayMillis;
  private final long startMillis;
  private final Long startSnapshot;
  private final long startLogEnd;
  private final long startedAt = System.currentTimeMillis();

  EngineStatus(
      final EngineWiring engine,
      final FileLogStorage storage,
      final Projection projection,
      final SnapshotDirector snapshots,
      final long replayRecords,
      final long replayMillis,
      final long startMillis,
      final Long startSnapshot,
      final long startLogEnd) {
    this.startLogEnd = startLogEnd;
    this.engine = engine;
    this.storage = storage;
    this.projection = projection;
    this.snapshots = snapshots;
    this.replayRecords = replayRecords;
    this.replayMillis = replayMillis;
    this.startMillis = startMillis;
    this.startSnapshot = startSnapshot;
  }

  Map<String, Object> figures() throws Exception {
    final Map<String, Object> out = new LinkedHashMap<>();
    out.put("healthy", engine.isHealthy());
    out.put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000);

    final Map<String, Object> log = new LinkedHashMap<>();
    log.put("bytes", storage.sizeBytes());
    log.put("segments", storage.segmentCount());
    log.put("firstPosition", storage.firstPosition());
    log.put("lastPosition", storage.committedPosition());
    log.put("appendedBytesSinceStart", storage.appendedBytes());
    log.put("fsyncsSinceStart", storage.fsyncs());
    out.put("log", log);

    out.put("snapshots", snapshots.figures());

    final Map<String, Object> start = new LinkedHashMap<>();
    start.put("fromSnapshotPosition", startSnapshot);
    start.put("logEndPosition", startLogEnd);
    start.put("replayedRecords", replayRecords);
    start.put("replayMillis", replayMillis);
    start.put("startMillis", startMillis);
    out.put("lastStart", start);

    final Map<String, Object> polling = new LinkedHashMap<>();
    polling.put("heldRequests", engine.gateway().heldRequests());
    polling.put("activationsWritten", engine.gateway().activationsWritten());
    polling.put("heldAnsweredEmpty", engine.gateway().heldAnsweredEmpty());
    out.put("longPolling", polling);

    out.put("stateEntries", engine.stateEntries());
    out.put("readModel", projection.figures());

    final MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    final Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("heapUsedBytes", heap.getUsed());
    memory.put("heapCommittedBytes", heap.getCommitted());
    memory.put("heapMaxBytes", heap.getMax());
    memory.put("rssBytes", rss());
    out.put("memory", memory);
    return out;
  }

  private static long rss() {
    try {
      for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (final Exception e) {
      // not Linux
    }
    return -1;
  }
}
