/**
 * Starting and stopping a node: {@link io.switchboard.runtime.node.SwitchboardNode} assembles the
 * configuration ({@link io.switchboard.runtime.node.NodeConfig}), joins the cluster, makes the
 * journal schema, and serves the HTTP API until coordinated shutdown.
 */
package io.switchboard.runtime.node;
