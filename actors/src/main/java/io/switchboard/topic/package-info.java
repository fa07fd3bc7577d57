/** Topics and consumer groups: their settings and the cluster-wide registry that holds them. */
package io.switchboard.topic;
