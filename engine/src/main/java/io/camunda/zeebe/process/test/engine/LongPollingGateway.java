package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.protocol.impl.stream.job.JobActivationProperties;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;

/**
 * The Zeebe gRPC gateway with long polling, as Camunda's gateway does it
 * (LongPollingActivateJobsHandler): an ActivateJobs request for a job type that is known to have
 * no activatable job is held here, without writing anything to the log, until the engine reports
 * work for that type (the engine's own {@code JobStreamer#notifyWorkAvailable} side effect, fired
 * when a job is created, fails with retries left, times out, comes back after its back-off, is
 * yielded or its incident is resolved) or the request's timeout passes (then it is answered with
 * no jobs). A type becomes "known empty" when an activation found nothing and no notification
 * arrived while that activation was under way. An idle system therefore appends nothing.
 *
 * <p>requestTimeout &gt; 0 holds the request that long, 0 holds it {@link #DEFAULT_TIMEOUT_MS}, and
 * &lt; 0 answers at once (still without a log write when the type is known empty).
 */
public final class LongPollingGateway extends GrpcToLogStreamGateway {
  static final long DEFAULT_TIMEOUT_MS = 10_000;

  private final Map<String, TypeState> types = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            final Thread t = new Thread(r, "long-polling-timeouts");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong heldAnswered = new AtomicLong();

  LongPollingGateway(
      final CommandWriter writer,
      final int partitionId,
      final int partitionCount,
      final int port,
      final GatewayRequestStore requests,
      final InMemoryJobStreamer jobStreamer) {
    super(writer, partitionId, partitionCount, port, requests, jobStreamer);
  }

  /** The engine's job streamer, with its work-available notifications routed to this gateway. */
  JobStreamer notifyingStreamer(final InMemoryJobStreamer streamer) {
    return new JobStreamer() {
      @Override
      public Optional<JobStream> streamFor(
          final DirectBuffer jobType, final Predicate<JobActivationProperties> filter) {
        return streamer.streamFor(jobType, filter);
      }

      @Override
      public void notifyWorkAvailable(final String jobType) {
        workAvailable(jobType);
      }
    };
  }

  /** Requests held now (for the engine's status). */
  public int heldRequests() {
    int n = 0;
    for (final TypeState s : types.values()) {
      synchronized (s) {
        n += s.parked.size();
      }
    }
    return n;
  }

  /** ActivateJobs commands written to the log since start. */
  public long activationsWritten() {
    return written.get();
  }

  /** Held requests answered empty at their timeout since start. */
  public long heldAnsweredEmpty() {
    return heldAnswered.get();
  }

  /**
   * A job record of this type was seen on the log. Used only as a safety net: a type that saw job
   * activity while it was "known empty" is asked again once a held request times out.
   */
  public void jobActivity(final String jobType) {
    final TypeState s = types.get(jobType);
    if (s != null) {
      synchronized (s) {
        if (s.knownEmpty) {
          s.activitySinceEmpty = true;
        }
      }
    }
  }

  void close() {
    timer.shutdownNow();
  }

  @Override
  public void activateJobs(
      final ActivateJobsRequest request, final StreamObserver<ActivateJobsResponse> observer) {
    final long timeout =
        request.getRequestTimeout() == 0 ? DEFAULT_TIMEOUT_MS : request.getRequestTimeout();
    final Held held =
        new Held(
            request,
            observer,
            timeout < 0 ? -1 : System.currentTimeMillis() + timeout);
    final TypeState state = types.computeIfAbsent(request.getType(), t -> new TypeState());
    if (observer instanceof final ServerCallStreamObserver<ActivateJobsResponse> server) {
      // a worker that goes away (cancels its call) is forgotten at once, not at its deadline
      server.setOnCancelHandler(
          () -> {
            held.cancel();
            synchronized (state) {
              state.parked.remove(held);
            }
          });
    }
    synchronized (state) {
      if (state.knownEmpty) {
        if (held.deadline < 0) {
          held.answerEmpty();
        } else {
          park(state, held);
        }
        return;
      }
      held.generation = state.generation;
    }
    send(state, held);
  }

  private void send(final TypeState state, final Held held) {
    if (held.done) {
      return;
    }
    written.incrementAndGet();
    super.activateJobs(held.request, new Intercept(state, held));
  }

  private void park(final TypeState state, final Held held) {
    state.parked.add(held);
    final long delay = Math.max(0, held.deadline - System.currentTimeMillis());
    held.timeout =
        timer.schedule(
            () -> {
              final boolean removed;
              synchronized (state) {
                removed = state.parked.remove(held);
                if (removed && state.activitySinceEmpty) {
                  state.knownEmpty = false;
                  state.activitySinceEmpty = false;
                }
              }
              if (removed) {
                heldAnswered.incrementAndGet();
                held.answerEmpty();
              }
            },
            delay,
            TimeUnit.MILLISECONDS);
  }

  private void workAvailable(final String jobType) {
    final TypeState state = types.computeIfAbsent(jobType, t -> new TypeState());
    final List<Held> wake;
    synchronized (state) {
      state.generation++;
      state.knownEmpty = false;
      state.activitySinceEmpty = false;
      wake = new ArrayList<>(state.parked);
      state.parked.clear();
      for (final Held h : wake) {
        h.generation = state.generation;
        if (h.timeout != null) {
          h.timeout.cancel(false);
        }
      }
    }
    wake.forEach(h -> send(state, h));
  }

  private static final class TypeState {
    private final List<Held> parked = new ArrayList<>();
    private long generation;
    private boolean knownEmpty;
    private boolean activitySinceEmpty;
  }

  private static final class Held {
    private final ActivateJobsRequest request;
    private final StreamObserver<ActivateJobsResponse> observer;
    private final long deadline;
    private volatile boolean done;
    private long generation;
    private java.util.concurrent.ScheduledFuture<?> timeout;

    Held(
        final ActivateJobsRequest request,
        final StreamObserver<ActivateJobsResponse> observer,
        final long deadline) {
      this.request = request;
      this.observer = observer;
      this.deadline = deadline;
    }

    void cancel() {
      done = true;
      if (timeout != null) {
        timeout.cancel(false);
      }
    }

    synchronized void answerEmpty() {
      if (done) {
        return;
      }
      done = true;
      try {
        observer.onNext(ActivateJobsResponse.getDefaultInstance());
        observer.onCompleted();
      } catch (final RuntimeException e) {
        // the client went away meanwhile
      }
    }

    synchronized void forward(final ActivateJobsResponse response) {
      if (done) {
        return;
      }
      done = true;
      observer.onNext(response);
      observer.onCompleted();
    }

    synchronized void fail(final Throwable error) {
      if (done) {
        return;
      }
      done = true;
      observer.onError(error);
    }
  }

  /** Sees the engine's answer to one activation: forwards jobs, holds an empty answer. */
  private final class Intercept implements StreamObserver<ActivateJobsResponse> {
    private final TypeState state;
    private final Held held;

    Intercept(final TypeState state, final Held held) {
      this.state = state;
      this.held = held;
    }

    @Override
    public void onNext(final ActivateJobsResponse response) {
      if (response.getJobsCount() > 0) {
        held.forward(response);
        return;
      }
      boolean again = false;
      synchronized (state) {
        if (state.generation != held.generation) {
          // work was reported while this activation was under way: ask again
          held.generation = state.generation;
          again = true;
        } else {
          state.knownEmpty = true;
          state.activitySinceEmpty = false;
          if (held.deadline >= 0 && held.deadline > System.currentTimeMillis() && !held.done) {
            park(state, held);
            return;
          }
        }
      }
      if (again) {
        send(state, held);
      } else {
        held.answerEmpty();
      }
    }

    @Override
    public void onError(final Throwable error) {
      held.fail(error);
    }

    @Override
    public void onCompleted() {
      // the held request completes when it is answered (forward / answerEmpty)
    }
  }
}
