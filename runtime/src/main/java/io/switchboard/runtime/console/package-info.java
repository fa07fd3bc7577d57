/**
 * The web console served at {@code /console}: {@link io.switchboard.runtime.console.ConsoleRoutes}
 * serves its static page, which calls the node's HTTP API like any other client.
 */
package io.switchboard.runtime.console;
