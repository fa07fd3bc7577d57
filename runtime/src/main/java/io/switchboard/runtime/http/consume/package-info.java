/**
 * Consuming over HTTP: long-poll pull with ack and nack ({@link
 * io.switchboard.runtime.http.consume.ConsumeRoutes}) and WebSocket streams ({@link
 * io.switchboard.runtime.http.consume.StreamRoute}).
 */
package io.switchboard.runtime.http.consume;
