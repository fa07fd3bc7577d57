/**
 * Service-time models of worker kinds: {@link io.switchboard.simulator.service.ServiceModel} (plain
 * distributions or the LLM token model) and the per-worker {@link
 * io.switchboard.simulator.service.PrefixCache}.
 */
package io.switchboard.simulator.service;
