/**
 * Dead letters in one place: {@link io.switchboard.internal.deadletter.DeadLetter} makes a failed
 * message into a dead letter (its reason in headers) and a dead letter back into a replay, {@link
 * io.switchboard.internal.DeadLetterStore} lists, replays and purges a topic's dead letters. The
 * partition sends them with its {@code DeadLetterSender}.
 */
package io.switchboard.internal.deadletter;
