/** Hosted workers: application handlers that Switchboard runs as sharded entities. */
package io.switchboard.worker;
