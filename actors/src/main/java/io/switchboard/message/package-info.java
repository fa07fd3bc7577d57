/**
 * The message model: {@link io.switchboard.message.Message}, its limits and validation, and {@link
 * io.switchboard.message.PayloadCodec} for payload bytes (JSON, or Kryo with the {@link
 * io.switchboard.message.KryoSerializer} for Pekko).
 */
package io.switchboard.message;
