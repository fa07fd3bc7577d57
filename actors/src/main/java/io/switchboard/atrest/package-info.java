/**
 * The payload codec chain: {@link io.switchboard.atrest.PayloadEnvelope} compresses (lz4 or zstd)
 * and encrypts (AES-GCM under a {@link io.switchboard.atrest.KeyRing}); {@link
 * io.switchboard.atrest.PayloadSealer} applies it to what the journal stores for the topics {@link
 * io.switchboard.atrest.AtRestSettings} names, and the clients apply it end to end.
 */
package io.switchboard.atrest;
