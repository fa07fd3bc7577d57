/**
 * TLS on the node's listeners (HTTP API, gRPC, management): {@link
 * io.switchboard.runtime.tls.NodeTls} builds one context from PEM files named in {@code
 * switchboard.tls} and picks up a certificate replaced on disk without a restart.
 */
package io.switchboard.runtime.tls;
