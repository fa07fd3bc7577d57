package io.switchboard.runtime.simulator;

import java.time.Duration;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Why the node's simulator did not answer with a result: a stable code, its HTTP status and when to
 * retry.
 */
public final class SimulatorRefusal extends RuntimeException {
  /** The scenario (text, keys or sweep) cannot be read or is invalid: 400. */
  public static final String INVALID_SCENARIO = "INVALID_SCENARIO";

  /** No bundled scenario has this name: 404. */
  public static final String UNKNOWN_SCENARIO = "UNKNOWN_SCENARIO";

  /** The node runs max-concurrent-runs already: 429 with Retry-After. */
  public static final String SIMULATOR_BUSY = "SIMULATOR_BUSY";

  /** The run passed max-run-time or max-messages and was stopped: 422. */
  public static final String SIMULATION_STOPPED = "SIMULATION_STOPPED";

  /** switchboard.console.simulator.enabled is off: 503. */
  public static final String SIMULATOR_OFF = "SIMULATOR_OFF";

  private static final long serialVersionUID = 1L;

  private final transient StatusCode status;
  private final String code;
  private final transient Duration retryAfter;

  private SimulatorRefusal(StatusCode status, String code, String message, Duration retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  static SimulatorRefusal invalid(String message) {
    return new SimulatorRefusal(StatusCodes.BAD_REQUEST, INVALID_SCENARIO, message, null);
  }

  static SimulatorRefusal unknown(String name, Object known) {
    return new SimulatorRefusal(
        StatusCodes.NOT_FOUND,
        UNKNOWN_SCENARIO,
        "no bundled scenario '" + name + "', expected one of " + known,
        null);
  }

  static SimulatorRefusal busy(int running, Duration retryAfter) {
    return new SimulatorRefusal(
        StatusCodes.TOO_MANY_REQUESTS,
        SIMULATOR_BUSY,
        "the node runs "
            + running
            + " simulation(s) already (switchboard.console.simulator.max-concurrent-runs); retry later",
        retryAfter);
  }

  static SimulatorRefusal stopped(String why) {
    return new SimulatorRefusal(StatusCodes.UNPROCESSABLE_CONTENT, SIMULATION_STOPPED, why, null);
  }

  static SimulatorRefusal off() {
    return new SimulatorRefusal(
        StatusCodes.SERVICE_UNAVAILABLE,
        SIMULATOR_OFF,
        "the simulator is off on this node (switchboard.console.simulator.enabled)",
        null);
  }

  public StatusCode status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Returns when to try again, or null when trying again will not help. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
