/**
 * Where a message goes: {@link io.switchboard.routing.KeyPartitioner} picks its partition, a {@link
 * io.switchboard.routing.Route} binds a type pattern ({@link io.switchboard.routing.TypePattern})
 * to a topic (the registry's route table, which answers the topics of a type, is internal).
 */
package io.switchboard.routing;
