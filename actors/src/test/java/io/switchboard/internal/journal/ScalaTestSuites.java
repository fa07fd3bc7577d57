package io.switchboard.internal.journal;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.scalatest.Args;
import org.scalatest.ConfigMap$;
import org.scalatest.Filter;
import org.scalatest.Filter$;
import org.scalatest.Stopper;
import org.scalatest.Stopper$;
import org.scalatest.Suite;
import org.scalatest.Tracker;
import org.scalatest.events.Event;
import org.scalatest.events.Ordinal;
import org.scalatest.events.SuiteAborted;
import org.scalatest.events.TestFailed;
import org.scalatest.events.TestSucceeded;
import scala.Option;

/**
 * Runs a ScalaTest suite (the Pekko persistence TCK) inside JUnit 5: one dynamic test per test of
 * the suite, failing with the suite's message; the JUnit platform has no ScalaTest engine here.
 */
final class ScalaTestSuites {
  private ScalaTestSuites() {}

  static Stream<DynamicTest> run(Suite suite) throws ReflectiveOperationException {
    List<Event> events = Collections.synchronizedList(new ArrayList<>());
    // "default" is a Java keyword: the companions' default() is reached by reflection.
    Stopper stopper = (Stopper) Stopper$.class.getMethod("default").invoke(Stopper$.MODULE$);
    Filter filter = (Filter) Filter$.class.getMethod("default").invoke(Filter$.MODULE$);
    Args args =
        new Args(
            events::add,
            stopper,
            filter,
            ConfigMap$.MODULE$.empty(),
            Option.empty(),
            new Tracker(new Ordinal(0)),
            scala.collection.immutable.Set$.MODULE$.empty(),
            false,
            Option.empty(),
            Option.empty());
    suite.run(Option.empty(), args).waitUntilCompleted();
    List<DynamicTest> tests = new ArrayList<>();
    for (Event event : events) {
      if (event instanceof TestSucceeded succeeded) {
        tests.add(DynamicTest.dynamicTest(succeeded.testName(), () -> {}));
      } else if (event instanceof TestFailed failed) {
        tests.add(
            DynamicTest.dynamicTest(
                failed.testName(),
                () ->
                    fail(failed.message(), (Throwable) failed.throwable().getOrElse(() -> null))));
      } else if (event instanceof SuiteAborted aborted) {
        tests.add(
            DynamicTest.dynamicTest(
                aborted.suiteName() + " aborted",
                () ->
                    fail(
                        aborted.message(), (Throwable) aborted.throwable().getOrElse(() -> null))));
      }
    }
    if (tests.isEmpty()) {
      tests.add(DynamicTest.dynamicTest("suite ran", () -> fail("no test of the suite ran")));
    }
    return tests.stream();
  }
}
