/**
 * Payloads at rest: {@link io.switchboard.atrest.PayloadSealer} compresses (lz4 or zstd) and
 * encrypts (AES-GCM under a {@link io.switchboard.atrest.KeyRing}) the payloads the journal stores,
 * for the topics {@link io.switchboard.atrest.AtRestSettings} names.
 */
package io.switchboard.atrest;
