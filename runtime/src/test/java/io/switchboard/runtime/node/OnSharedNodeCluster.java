package io.switchboard.runtime.node;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks an IT class that runs on the {@link SharedNodeCluster}: it gets the cluster, and holds its
 * lock while it runs, so that no other class of the same JVM uses it at the same time should JUnit
 * ever run classes in parallel (failsafe's {@code it.forks} JVMs each have their own cluster).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedNodeCluster.class)
@ResourceLock(SharedNodeCluster.LOCK)
@interface OnSharedNodeCluster {}
