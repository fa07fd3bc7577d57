package io.switchboard.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands a parameter of type {@code T} one instance for the whole test run: started by the first
 * class that asks, closed by JUnit's root store when the run ends. For a node that many classes can
 * share instead of starting and stopping one each: only classes that keep its config and never
 * restart, stop or fill it, each on topic names of its own, so none sees another's data.
 */
public abstract class OnePerRun<T extends AutoCloseable> implements ParameterResolver {
  private final Class<T> type;

  protected OnePerRun(Class<T> type) {
    this.type = type;
  }

  /** Starts the shared instance (once per run). */
  protected abstract T start();

  @Override
  public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == type;
  }

  @Override
  public final T resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(getClass()))
        .getOrComputeIfAbsent(type, key -> start(), type);
  }
}
