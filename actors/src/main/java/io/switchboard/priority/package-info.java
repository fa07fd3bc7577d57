/**
 * Priority bands, tenants and token costs of messages: {@link
 * io.switchboard.priority.SchedulingHeaders} names the headers a publisher sets, {@link
 * io.switchboard.priority.PrioritySettings} the bands a node knows ({@code switchboard.priority}).
 */
package io.switchboard.priority;
