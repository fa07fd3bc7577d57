/**
 * The OpenAI-compatible gateway: {@link io.switchboard.runtime.gateway.Gateway} runs a model pool
 * per configured model (a Switchboard topic served by one {@code Connector} per backend) and {@link
 * io.switchboard.runtime.gateway.GatewayRoutes} turns {@code /v1/chat/completions} and friends into
 * requests on those topics.
 */
package io.switchboard.runtime.gateway;
