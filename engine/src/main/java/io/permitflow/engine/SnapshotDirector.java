package io.permitflow.engine;

import io.camunda.zeebe.process.test.engine.EngineWiring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes snapshots: every {@code everyRecords} records or {@code everyMillis} when anything was
 * written since the last one, and at a clean stop. A snapshot copies the engine state on the
 * stream processor's thread (with its last processed position), saves the read model with its own
 * position, waits until the log holds everything the state reflects on disk, writes the file
 * atomically, keeps the newest {@code keep} files and deletes the log segments that lie wholly
 * before the oldest kept snapshot (so a start can still fall back to it).
 */
final class SnapshotDirector {
  private final EngineWiring engine;
  private final FileLogStorage storage;
  private final Projection projection;
  private final SnapshotStore store;
  private final long everyRecords;
  private final long everyMillis;
  private final int keep;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            final Thread t = new Thread(r, "engine-snapshots");
            t.setDaemon(true);
            return t;
          });

  private long lastAppended;
  private long lastAtMillis = System.currentTimeMillis();
  private volatile Map<String, Object> last = Map.of();
  private volatile long taken;
  private volatile long segmentsDeleted;
  private volatile String lastError;

  SnapshotDirector(
      final EngineWiring engine,
      final FileLogStorage storage,
      final Projection projection,
      final SnapshotStore store,
      final long everyRecords,
      final long everyMillis,
      final int keep) {
    this.engine = engine;
    this.storage = storage;
    this.projection = projection;
    this.store = store;
    this.everyRecords = everyRecords;
    this.everyMillis = everyMillis;
    this.keep = Math.max(2, keep);
    lastAppended = storage.committedPosition();
  }

  void start() {
    timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  void stop() {
    timer.shutdownNow();
  }

  private void check() {
    final long committed = storage.committedPosition();
    final boolean records = committed - lastAppended >= everyRecords;
    final boolean time =
        committed > lastAppended && System.currentTimeMillis() - lastAtMillis >= everyMillis;
    if (records || time) {
      take(records ? "records" : "time");
    }
  }

  /** Takes one snapshot now (unless nothing was processed yet); returns false on failure. */
  synchronized boolean take(final String reason) {
    try {
      final long t0 = System.nanoTime();
      final EngineWiring.State state = engine.captureState(storage::appendedPosition);
      if (state.processedPosition() <= 0) {
        return true;
      }
      final Projection.Saved saved = projection.save();
      if (!storage.awaitDurable(state.appendedPosition(), 60_000)) {
        throw new IllegalStateException("the log did not reach the disk in time");
      }
      final var file =
          store.write(state.processedPosition(), saved.position(), state.entries(), saved.json());
      final List<SnapshotStore.Info> kept = store.retain(keep);
      long bound = Long.MAX_VALUE;
      for (final SnapshotStore.Info i : kept) {
        bound = Math.min(bound, i.neededFrom());
      }
      final int deleted = storage.deleteSegmentsBefore(bound);
      segmentsDeleted += deleted;
      taken++;
      lastAppended = state.appendedPosition();
      lastAtMillis = System.currentTimeMillis();
      final Map<String, Object> info = new LinkedHashMap<>();
      info.put("file", file.getFileName().toString());
      info.put("processedPosition", state.processedPosition());
      info.put("projectionPosition", saved.position());
      info.put("stateEntries", state.entries().size());
      info.put("bytes", java.nio.file.Files.size(file));
      info.put("millis", (System.nanoTime() - t0) / 1_000_000);
      info.put("reason", reason);
      info.put("segmentsDeleted", deleted);
      info.put("at", lastAtMillis);
      last = info;
      lastError = null;
      System.err.println("permitflow-engine: snapshot " + info);
      return true;
    } catch (final Exception e) {
      lastError = String.valueOf(e);
      System.err.println("permitflow-engine: snapshot failed: " + e);
      return false;
    }
  }

  Map<String, Object> figures() throws java.io.IOException {
    final Map<String, Object> out = new LinkedHashMap<>();
    final List<SnapshotStore.Info> files = store.infos();
    out.put("count", files.size());
    out.put("keep", keep);
    out.put("everyRecords", everyRecords);
    out.put("everyMinutes", everyMillis / 60_000.0);
    out.put("takenSinceStart", taken);
    out.put("segmentsDeletedSinceStart", segmentsDeleted);
    if (!files.isEmpty()) {
      final SnapshotStore.Info newest = files.get(0);
      out.put("lastPosition", newest.processedPosition());
      out.put("lastAgeSeconds", (System.currentTimeMillis() - newest.createdAtMillis()) / 1000);
      out.put("lastBytes", newest.bytes());
    } else {
      out.put("lastPosition", null);
      out.put("lastAgeSeconds", null);
    }
    out.put("last", last);
    out.put("lastError", lastError);
    return out;
  }
}
