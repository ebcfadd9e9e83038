package io.permitflow.engine;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.stream.impl.TypedEventRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Follows the log from its first record: feeds the projection and wakes the REST calls that wait
 * for the outcome of a command they wrote.
 */
final class RecordTail implements Runnable {
  /** What a waiting caller sees of one record. */
  record Seen(
      long position,
      long sourcePosition,
      long key,
      RecordType type,
      String intent,
      String rejectionType,
      String rejectionReason) {}

  private static final class Waiter {
    final Predicate<Seen> match;
    Seen result;

    Waiter(final Predicate<Seen> match) {
      this.match = match;
    }
  }

  private final LogStreamReader reader;
  private final Projection projection;
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final Object signal = new Object();
  private volatile boolean running = true;
  private volatile long lastPosition = -1;

  RecordTail(final LogStreamReader reader, final Projection projection) {
    this.reader = reader;
    this.projection = projection;
  }

  long lastPosition() {
    return lastPosition;
  }

  void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  void stop() {
    running = false;
    wake();
  }

  /** Waits until a record matching the predicate has been read, or the timeout passes. */
  Seen await(final Predicate<Seen> match, final long timeoutMillis) throws InterruptedException {
    final Waiter waiter = new Waiter(match);
    waiters.add(waiter);
    try {
      final long deadline = System.currentTimeMillis() + timeoutMillis;
      synchronized (waiter) {
        while (waiter.result == null) {
          final long left = deadline - System.currentTimeMillis();
          if (left <= 0) {
            return null;
          }
          waiter.wait(left);
        }
        return waiter.result;
      }
    } finally {
      waiters.remove(waiter);
    }
  }

  @Override
  public void run() {
    reader.seekToFirstEvent();
    while (running) {
      boolean readAny = false;
      while (reader.hasNext()) {
        readAny = true;
        handle(reader.next());
      }
      if (!readAny) {
        synchronized (signal) {
          try {
            signal.wait(20);
          } catch (final InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  private void handle(final LoggedEvent event) {
    final RecordMetadata metadata = new RecordMetadata();
    event.readMetadata(metadata);
    final UnifiedRecordValue value;
    try {
      value =
          TypedEventRegistry.EVENT_REGISTRY
              .get(metadata.getValueType())
              .getDeclaredConstructor()
              .newInstance();
    } catch (final Exception e) {
      lastPosition = event.getPosition();
      return;
    }
    event.readValue(value);
    projection.apply(
        metadata.getRecordType(), metadata.getIntent(), event.getKey(), value, event.getTimestamp());
    lastPosition = event.getPosition();
    if (waiters.isEmpty()) {
      return;
    }
    final Seen seen =
        new Seen(
            event.getPosition(),
            event.getSourceEventPosition(),
            event.getKey(),
            metadata.getRecordType(),
            metadata.getIntent().name(),
            metadata.getRejectionType() == null ? null : metadata.getRejectionType().name(),
            metadata.getRejectionReason());
    for (final Waiter waiter : waiters) {
      if (waiter.match.test(seen)) {
        synchronized (waiter) {
          if (waiter.result == null) {
            waiter.result = seen;
            waiter.notifyAll();
          }
        }
      }
    }
  }
}
