/** The message model: {@link io.switchboard.message.Message}, its limits and validation. */
package io.switchboard.message;
