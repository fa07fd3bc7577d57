package io.switchboard.runtime.node;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks an IT class that runs on the {@link SharedNodeCluster}: it gets the cluster, and holds its
 * lock while it runs, so that the ITs running in parallel (see the failsafe configuration in
 * runtime/pom.xml) never share it with another class at the same time.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedNodeCluster.class)
@ResourceLock(SharedNodeCluster.LOCK)
@interface OnSharedNodeCluster {}
