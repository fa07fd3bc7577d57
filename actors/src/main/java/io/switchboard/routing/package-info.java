/**
 * Where a message goes: {@link io.switchboard.routing.KeyPartitioner} picks its partition, {@link
 * io.switchboard.routing.RouteTable} the topics bound to its type.
 */
package io.switchboard.routing;
