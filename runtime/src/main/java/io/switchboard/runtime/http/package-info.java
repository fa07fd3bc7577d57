/**
 * The HTTP API of a node: {@link io.switchboard.runtime.http.HttpApi} assembles the routes of the
 * sub-packages, maps every failure to a JSON error with a stable code, and binds the port.
 */
package io.switchboard.runtime.http;
