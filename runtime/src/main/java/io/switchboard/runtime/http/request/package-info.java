/**
 * Requests that answer over HTTP: {@link io.switchboard.runtime.http.request.RequestRoutes} sends a
 * request and streams its answer as Server-Sent Events (or one JSON document), reattaches by cursor
 * and cancels.
 */
package io.switchboard.runtime.http.request;
