package io.switchboard.worker;

import io.switchboard.message.Message;
import java.util.concurrent.CompletionStage;

/**
 * Application code that Switchboard runs for each message of a group. A normal completion acks the
 * message; an exceptional one (or a thrown exception) nacks it for redelivery.
 */
@FunctionalInterface
public interface WorkerHandler {

  CompletionStage<?> handle(Message message, int attempt);
}
