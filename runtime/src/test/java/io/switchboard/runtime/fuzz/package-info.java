/**
 * Seeded mutation fuzzing of the node's decoders and front door (our own generator, {@link
 * io.switchboard.runtime.fuzz.Mutations}), seeded from {@link io.switchboard.runtime.fuzz.Corpus}.
 */
package io.switchboard.runtime.fuzz;
