package io.switchboard.simulator.engine;

import io.switchboard.simulator.scenario.WorkerKind;
import io.switchboard.simulator.service.Distribution;
import java.util.List;

/**
 * Which per-message variates the scenario's service models read. It depends on the worker kinds
 * only, never on the strategy, so every strategy of a comparison draws the same numbers.
 *
 * @param serviceUniform some kind's service time reads the uniform variate
 * @param serviceNormal some kind's service time reads the normal variate
 */
record ServiceVariates(boolean serviceUniform, boolean serviceNormal) {

  static ServiceVariates of(List<WorkerKind> kinds) {
    boolean uniform = false;
    boolean normal = false;
    for (WorkerKind kind : kinds) {
      Distribution time = kind.service().time();
      if (time != null) {
        uniform |= time.usesUniform();
        normal |= time.usesNormal();
      }
    }
    return new ServiceVariates(uniform, normal);
  }
}
