/**
 * Topic and consumer-group administration and dead letters over HTTP; entry point {@link
 * io.switchboard.runtime.http.topic.TopicRoutes}.
 */
package io.switchboard.runtime.http.topic;
