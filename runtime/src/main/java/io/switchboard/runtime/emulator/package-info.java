/**
 * A backend emulator that answers like vLLM's OpenAI-compatible server, for testing and
 * benchmarking the gateway without a GPU: {@link io.switchboard.runtime.emulator.BackendEmulator}
 * serves it, {@link io.switchboard.runtime.emulator.EmulatedModel} decides what each turn says and
 * how long it takes (the simulator's service model and prefix cache).
 */
package io.switchboard.runtime.emulator;
