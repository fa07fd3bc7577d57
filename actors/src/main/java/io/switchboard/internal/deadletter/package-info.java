/**
 * What a dead letter is, in one place: {@link io.switchboard.internal.deadletter.DeadLetter} makes
 * a failed message into a dead letter (its reason and origin in headers) and a dead letter back
 * into a replay for the group that failed it. The partition sends dead letters with its {@code
 * DeadLetterSender}; the façade lists, replays and purges them with {@code
 * io.switchboard.internal.DeadLetterStore}.
 */
package io.switchboard.internal.deadletter;
