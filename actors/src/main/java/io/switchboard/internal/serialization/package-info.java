/**
 * Pekko serializers of Switchboard's own types: the binary forms of a message ({@link
 * io.switchboard.internal.serialization.MessageSerializer}) and of refusals ({@link
 * io.switchboard.internal.serialization.RefusalSerializer}), and {@link
 * io.switchboard.internal.serialization.MovedClasses}, which reads events stored under class names
 * from before the move to {@code internal}.
 */
package io.switchboard.internal.serialization;
