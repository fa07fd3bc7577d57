/**
 * The cluster's membership as this node sees it, read-only over HTTP; entry point {@link
 * io.switchboard.runtime.http.cluster.ClusterRoutes}.
 */
package io.switchboard.runtime.http.cluster;
