/**
 * Who may call the node: {@link io.switchboard.runtime.auth.Authenticator} turns an {@code
 * Authorization: Bearer} value into a {@link io.switchboard.runtime.auth.Principal} (a token of the
 * token file, or a JWT), and {@link io.switchboard.runtime.auth.AccessTable} says which right each
 * HTTP route and gRPC method needs on which topic.
 */
package io.switchboard.runtime.auth;
