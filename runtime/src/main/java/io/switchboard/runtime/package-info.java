/** The Switchboard node: command line, HTTP API and metrics. */
package io.switchboard.runtime;
