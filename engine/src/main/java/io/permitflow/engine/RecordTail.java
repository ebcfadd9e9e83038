package io.permitflow.engine;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.impl.record.value.deployment.ProcessRecord;
import io.camunda.zeebe.protocol.impl.record.value.incident.IncidentRecord;
import io.camunda.zeebe.protocol.impl.record.value.job.JobRecord;
import io.camunda.zeebe.protocol.impl.record.value.processinstance.ProcessInstanceRecord;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.impl.record.value.variable.VariableRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows the log from the projection's position (its first record, or the position saved in the
 * snapshot it was restored from): feeds the projection, reports job activity to the long-polling
 * gateway, and wakes the REST calls that wait for the outcome of a command they wrote.
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

  /**
   * A caller waiting for the outcome of a command. It is registered before the command is written
   * (the outcome can be read before the writer learns the command's position), keeps what it sees
   * until it is armed with the position, then matches.
   */
  static final class Waiter {
    private Predicate<Seen> match;
    private final List<Seen> early = new java.util.ArrayList<>();
    private Seen result;

    synchronized void offer(final Seen seen) {
      if (result != null) {
        return;
      }
      if (match == null) {
        if (early.size() < 10_000) {
          early.add(seen);
        }
      } else if (match.test(seen)) {
        result = seen;
        notifyAll();
      }
    }

    synchronized void arm(final Predicate<Seen> predicate) {
      match = predicate;
      for (final Seen seen : early) {
        if (predicate.test(seen)) {
          result = seen;
          break;
        }
      }
      early.clear();
      notifyAll();
    }

    synchronized Seen await(final long timeoutMillis) throws InterruptedException {
      final long deadline = System.currentTimeMillis() + timeoutMillis;
      while (result == null) {
        final long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return null;
        }
        wait(left);
      }
      return result;
    }
  }

  private final LogStreamReader reader;
  private final Projection projection;
  private final Consumer<String> jobActivity;
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final Object signal = new Object();
  private volatile boolean running = true;
  private volatile long lastPosition = -1;

  RecordTail(
      final LogStreamReader reader, final Projection projection, final Consumer<String> jobActivity) {
    this.reader = reader;
    this.projection = projection;
    this.jobActivity = jobActivity;
    lastPosition = projection.position();
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

  /** Registers a waiter; arm it with the predicate once the command is written. */
  Waiter expect() {
    final Waiter waiter = new Waiter();
    waiters.add(waiter);
    return waiter;
  }

  /** Waits for the armed waiter's record, or the timeout; then forgets the waiter. */
  Seen await(final Waiter waiter, final long timeoutMillis) throws InterruptedException {
    try {
      return waiter.await(timeoutMillis);
    } finally {
      waiters.remove(waiter);
    }
  }

  @Override
  public void run() {
    if (projection.position() > 0) {
      reader.seek(projection.position() + 1);
    } else {
      reader.seekToFirstEvent();
    }
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

  private final RecordMetadata metadata = new RecordMetadata();

  private void handle(final LoggedEvent event) {
    if (event.getPosition() <= projection.position()) {
      return;
    }
    metadata.reset();
    event.readMetadata(metadata);
    final UnifiedRecordValue value =
        metadata.getRecordType() == RecordType.EVENT ? valueFor(metadata.getValueType()) : null;
    if (value != null) {
      event.readValue(value);
      projection.apply(
          event.getPosition(),
          metadata.getRecordType(),
          metadata.getIntent(),
          event.getKey(),
          value,
          event.getTimestamp());
      if (value instanceof final JobRecord job) {
        jobActivity.accept(job.getType());
      }
    } else {
      projection.skip(event.getPosition());
    }
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
      waiter.offer(seen);
    }
  }

  /**
   * A fresh value for the record kinds the projection and the gateway read (deployed processes for
   * the model names); null for the rest, which are never decoded.
   */
  private static UnifiedRecordValue valueFor(final ValueType type) {
    return switch (type) {
      case PROCESS_INSTANCE -> new ProcessInstanceRecord();
      case PROCESS -> new ProcessRecord();
      case USER_TASK -> new UserTaskRecord();
      case INCIDENT -> new IncidentRecord();
      case VARIABLE -> new VariableRecord();
      case JOB -> new JobRecord();
      default -> null;
    };
  }
}
