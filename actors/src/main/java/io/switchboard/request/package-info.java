/**
 * Requests that answer: {@code Switchboard.request} sends a request and streams its reply chunks,
 * {@code Switchboard.requests} gives workers {@link io.switchboard.request.RequestDelivery}s to
 * answer, and {@link io.switchboard.internal.request.ReplyStream} keeps each request's chunks by
 * request id.
 */
package io.switchboard.request;
