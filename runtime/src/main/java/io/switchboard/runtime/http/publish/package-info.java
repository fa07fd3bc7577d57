/**
 * Publishing over HTTP, to one topic or through the router; entry point {@link
 * io.switchboard.runtime.http.publish.PublishRoutes}.
 */
package io.switchboard.runtime.http.publish;
