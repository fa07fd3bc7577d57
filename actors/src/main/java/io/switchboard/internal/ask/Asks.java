package io.switchboard.internal.ask;

import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/** Asks with Switchboard's timeout, turning failures into {@link SwitchboardException}s. */
public final class Asks {
  private final ActorSystem<?> system;
  private final Duration timeout;

  public Asks(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  public <Req, Res> CompletionStage<Res> ask(
      RecipientRef<Req> target, Function<ActorRef<Res>, Req> message) {
    return AskPattern.ask(target, message::apply, timeout, system.scheduler())
        .exceptionallyAsync(
            failure -> {
              throw translate(failure);
            },
            system.executionContext());
  }

  public <Req, Res> CompletionStage<Res> askWithStatus(
      RecipientRef<Req> target, Function<ActorRef<StatusReply<Res>>, Req> message) {
    return AskPattern.askWithStatus(target, message::apply, timeout, system.scheduler())
        .exceptionallyAsync(
            failure -> {
              throw translate(failure);
            },
            system.executionContext());
  }

  /** Maps a failure to the exception the API promises; a refusal arrives as it was sent. */
  public static SwitchboardException translate(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof SwitchboardException e) {
      return e;
    }
    if (cause instanceof StatusReply.ErrorMessage error) {
      // Switchboard's entities refuse with a SwitchboardException (RefusalSerializer); a plain
      // text error comes from elsewhere and says nothing more precise
      return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, error.getMessage());
    }
    if (cause instanceof TimeoutException) {
      return new SwitchboardException(
          ErrorCode.TIMEOUT,
          "no answer from the cluster in time (switchboard.ask-timeout): " + cause.getMessage());
    }
    return new SwitchboardException(ErrorCode.NOT_READY, String.valueOf(cause));
  }
}
