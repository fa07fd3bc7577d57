package io.switchboard.client.internal;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.client.ClientSettings;
import io.switchboard.message.Message;
import io.switchboard.producer.Confirm;
import io.switchboard.protocol.v1.PublishRequest;
import io.switchboard.protocol.v1.PublishResponse;
import io.switchboard.protocol.v1.PublishResult;
import io.switchboard.protocol.v1.SwitchboardGrpc;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContextExecutor;

/**
 * The client's one Publish stream. Every message gets a sequence number and stays pending until the
 * node answers it; the {@link PublishWindow} bounds how many are pending. When the stream breaks, a
 * new one is opened after a backoff and every pending message is sent again: each carries an
 * idempotency key (its id unless it has one), so the node confirms a copy it already stored as a
 * duplicate instead of storing it twice.
 *
 * <p>Thread-safe: state is guarded by this object's lock, held only for bookkeeping and
 * non-blocking writes to the stream; futures complete on the system's executor.
 */
public final class PublishChannel {
  private static final int INBOUND_PREFETCH = 4;

  private final SwitchboardGrpc.SwitchboardStub stub;
  private final ClientSettings settings;
  private final PublishWindow window;
  private final Scheduler scheduler;
  private final ExecutionContextExecutor executor;
  private final Backoff backoff;
  // guarded by this
  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private final ArrayDeque<PublishRequest> outbox = new ArrayDeque<>();

  /** Messages sent since the last flush, joined into one request (contiguous sequence numbers). */
  private PublishRequest.Builder gathering;

  private boolean flushScheduled;
  private long nextSequence = 1;
  private ClientCallStreamObserver<PublishRequest> stream;
  private int generation;
  private boolean reconnectScheduled;
  private boolean closed;

  /** One message sent and not answered yet. */
  private static final class Pending {
    final io.switchboard.protocol.v1.Message wire;
    final CompletableFuture<Confirm> confirmed = new CompletableFuture<>();
    int retries;

    Pending(io.switchboard.protocol.v1.Message wire) {
      this.wire = wire;
    }
  }

  public PublishChannel(
      SwitchboardGrpc.SwitchboardStub stub,
      ClientSettings settings,
      PublishWindow window,
      Scheduler scheduler,
      ExecutionContextExecutor executor) {
    this.stub = stub;
    this.settings = settings;
    this.window = window;
    this.scheduler = scheduler;
    this.executor = executor;
    this.backoff = new Backoff(settings.reconnectMinBackoff(), settings.reconnectMaxBackoff());
  }

  /**
   * Sends a batch whose window permits the caller holds (1 .. max-batch messages); returns one
   * future per message, in order. The permits go back as the answers come. A batch sent while the
   * stream is quiet goes at once; those sent before the flush task runs travel together, up to
   * {@code max-batch} per request: one frame, one write and one answer for many publishes.
   */
  public List<CompletableFuture<Confirm>> send(List<Message> batch) {
    List<CompletableFuture<Confirm>> futures = new ArrayList<>(batch.size());
    synchronized (this) {
      if (closed) {
        window.release(batch.size());
        SwitchboardException gone = closedError();
        batch.forEach(m -> futures.add(CompletableFuture.failedFuture(gone)));
        return futures;
      }
      for (Message message : batch) {
        Pending entry = new Pending(WireFormat.toPublish(message));
        gather(nextSequence, entry.wire);
        pending.put(nextSequence++, entry);
        futures.add(entry.confirmed);
      }
      if (gathering != null && !flushScheduled) {
        // Quiet until now: this batch goes at once, and those that follow before the flush task
        // runs (a loop, other threads) are gathered into one request.
        flushScheduled = true;
        outbox.add(gathering.build());
        gathering = null;
        executor.execute(this::flush);
      }
      if (stream == null && !reconnectScheduled) {
        open();
      }
      drain();
    }
    return futures;
  }

  /**
   * Adds a message to the request being gathered; a full one goes to the outbox. Holds the lock.
   */
  private void gather(long sequence, io.switchboard.protocol.v1.Message wire) {
    if (gathering == null) {
      gathering = PublishRequest.newBuilder().setFirstSequence(sequence);
    }
    gathering.addMessages(wire);
    if (gathering.getMessagesCount() >= settings.maxBatch()) {
      outbox.add(gathering.build());
      gathering = null;
    }
  }

  /**
   * Queues the request gathered since the last flush and writes what the transport takes. While
   * publishes keep coming it runs again, so a busy stream gathers; once a round finds nothing, the
   * next publish is written at once again (no hop at low rates).
   */
  private synchronized void flush() {
    if (gathering == null) {
      flushScheduled = false;
      return;
    }
    outbox.add(gathering.build());
    gathering = null;
    drain();
    executor.execute(this::flush);
  }

  /** Returns the messages sent (or waiting to be re-sent) and not answered yet. */
  public synchronized int unanswered() {
    return pending.size();
  }

  /** Ends the stream; publishes not answered yet fail with {@code NOT_READY}. */
  public void close() {
    List<Pending> abandoned;
    synchronized (this) {
      closed = true;
      abandoned = new ArrayList<>(pending.values());
      pending.clear();
      outbox.clear();
      gathering = null;
      if (stream != null) {
        stream.cancel("client closed", null);
        stream = null;
      }
    }
    window.release(abandoned.size());
    SwitchboardException gone = closedError();
    executor.execute(() -> abandoned.forEach(p -> p.confirmed.completeExceptionally(gone)));
  }

  /** Opens a stream and queues every pending message on it, in sequence order. Holds the lock. */
  private void open() {
    int opened = ++generation;
    outbox.clear();
    gathering = null; // every pending message, gathered ones too, is queued again below
    PublishRequest.Builder batch = null;
    long expected = -1;
    for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
      if (batch == null
          || entry.getKey() != expected
          || batch.getMessagesCount() >= settings.maxBatch()) {
        if (batch != null) {
          outbox.add(batch.build());
        }
        batch = PublishRequest.newBuilder().setFirstSequence(entry.getKey());
      }
      batch.addMessages(entry.getValue().wire);
      expected = entry.getKey() + 1;
    }
    if (batch != null) {
      outbox.add(batch.build());
    }
    // Answers.beforeStart sets the stream: with direct callbacks a call that fails at once has
    // already reported it (and cleared the stream) when publish() returns.
    stub.publish(new Answers(opened));
  }

  /** Writes queued batches while the transport takes them. Holds the lock. */
  private void drain() {
    while (stream != null && !outbox.isEmpty() && stream.isReady()) {
      stream.onNext(outbox.poll());
    }
  }

  private synchronized void onReady(int gen) {
    if (gen == generation) {
      drain();
    }
  }

  private void onAnswer(int gen, PublishResponse response) {
    List<Runnable> completions = new ArrayList<>(response.getResultsCount());
    int released = 0;
    synchronized (this) {
      backoff.reset();
      long sequence = response.getFirstSequence();
      for (PublishResult result : response.getResultsList()) {
        long seq = sequence++;
        Pending entry = pending.get(seq);
        if (entry == null) {
          continue; // answered already: a re-sent copy's second answer
        }
        if (result.hasConfirm()) {
          Confirm confirm = WireFormat.fromWire(result.getConfirm());
          completions.add(() -> entry.confirmed.complete(confirm));
        } else {
          SwitchboardException refused = RemoteErrors.of(result.getError());
          if (retryLater(seq, entry, refused)) {
            continue;
          }
          completions.add(() -> entry.confirmed.completeExceptionally(refused));
        }
        pending.remove(seq);
        released++;
      }
      if (gen == generation && stream != null) {
        stream.request(1);
      }
    }
    window.release(released);
    if (!completions.isEmpty()) {
      executor.execute(() -> completions.forEach(Runnable::run));
    }
  }

  /**
   * Schedules a re-send of an OVERLOADED message after the node's retry-after, if retries remain.
   */
  private boolean retryLater(long seq, Pending entry, SwitchboardException refused) {
    if (!(refused instanceof SwitchboardException.Overloaded overloaded)
        || entry.retries >= settings.overloadRetries()
        || overloaded.retryAfter().isZero()) {
      return false;
    }
    entry.retries++;
    scheduler.scheduleOnce(overloaded.retryAfter(), () -> resend(seq, entry), executor);
    return true;
  }

  private synchronized void resend(long seq, Pending entry) {
    if (pending.get(seq) != entry) {
      return;
    }
    outbox.add(PublishRequest.newBuilder().setFirstSequence(seq).addMessages(entry.wire).build());
    if (stream == null && !reconnectScheduled) {
      open();
    }
    drain();
  }

  private void onBroken(int gen, Throwable failure) {
    List<Pending> failed = new ArrayList<>();
    synchronized (this) {
      if (gen != generation || closed) {
        return;
      }
      stream = null;
      if (failure == null || RemoteErrors.isTransient(failure)) {
        scheduleReconnect();
        return;
      }
      // The node refuses the stream itself (not implemented, not allowed): retrying will not help.
      failed.addAll(pending.values());
      pending.clear();
      outbox.clear();
      gathering = null;
    }
    window.release(failed.size());
    SwitchboardException refused = RemoteErrors.of(failure);
    executor.execute(() -> failed.forEach(p -> p.confirmed.completeExceptionally(refused)));
  }

  /** Holds the lock. */
  private void scheduleReconnect() {
    reconnectScheduled = true;
    Duration delay = backoff.next();
    scheduler.scheduleOnce(delay, this::reconnect, executor);
  }

  private synchronized void reconnect() {
    reconnectScheduled = false;
    if (!closed && stream == null && !pending.isEmpty()) {
      open();
      drain();
    }
  }

  private static SwitchboardException closedError() {
    return new SwitchboardException(
        ErrorCode.NOT_READY, "the client is closed: the publish was not confirmed");
  }

  /** The node's side of one stream; callbacks of a replaced stream are ignored by generation. */
  private final class Answers implements ClientResponseObserver<PublishRequest, PublishResponse> {
    private final int gen;

    Answers(int gen) {
      this.gen = gen;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<PublishRequest> requests) {
      stream = requests; // under the lock: open() holds it
      requests.disableAutoRequestWithInitial(INBOUND_PREFETCH);
      requests.setOnReadyHandler(() -> onReady(gen));
    }

    @Override
    public void onNext(PublishResponse response) {
      onAnswer(gen, response);
    }

    @Override
    public void onError(Throwable failure) {
      onBroken(gen, failure);
    }

    @Override
    public void onCompleted() {
      onBroken(gen, null);
    }
  }
}
