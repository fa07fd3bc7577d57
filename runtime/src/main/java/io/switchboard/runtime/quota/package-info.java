/**
 * Rate limits per tenant: {@link io.switchboard.runtime.quota.TenantRateLimiter} admits or refuses
 * a call's requests, messages and declared tokens ({@code switchboard-cost}) against the tenant's
 * limits; {@link io.switchboard.runtime.quota.RateLimits} holds the node's one limiter for every
 * edge.
 */
package io.switchboard.runtime.quota;
