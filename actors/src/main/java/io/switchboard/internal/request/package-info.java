/**
 * The engines of requests that answer: {@link io.switchboard.internal.request.ReplyStream}, a
 * sharded persistent entity per request id holding its chunks, outcome and deadline; its protocol,
 * log, timers and metrics. The public side is {@code io.switchboard.request}.
 */
package io.switchboard.internal.request;
