/** Property-based fuzzing of the node's decoders and front door (jqwik), seeded from {@link io.switchboard.runtime.fuzz.Corpus}. */
package io.switchboard.runtime.fuzz;
