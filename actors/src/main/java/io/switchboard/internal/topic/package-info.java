/**
 * The cluster-wide registry of topics, groups and routes: {@link
 * io.switchboard.internal.topic.TopicRegistry} (an event-sourced cluster singleton) and the {@link
 * io.switchboard.internal.topic.Catalog} it replicates to every node.
 */
package io.switchboard.internal.topic;
