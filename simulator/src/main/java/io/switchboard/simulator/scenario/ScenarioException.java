package io.switchboard.simulator.scenario;

/** A scenario that cannot be read or is invalid; the message names the key and the problem. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the offending key. */
  public ScenarioException(String message) {
    super(message);
  }
}
