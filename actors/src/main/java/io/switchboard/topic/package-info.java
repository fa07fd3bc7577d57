/**
 * Topics and consumer groups as a user sets them: {@link io.switchboard.topic.TopicConfig}, {@link
 * io.switchboard.topic.GroupConfig} and the {@link io.switchboard.topic.TopicStats} they report.
 * The registry that holds them is in {@code io.switchboard.internal.topic}.
 */
package io.switchboard.topic;
