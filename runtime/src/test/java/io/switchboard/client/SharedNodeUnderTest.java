package io.switchboard.client;

import io.switchboard.testing.OnePerRun;

/** Hands a {@link NodeUnderTest} parameter one default node for the whole test run. */
final class SharedNodeUnderTest extends OnePerRun<NodeUnderTest> {
  SharedNodeUnderTest() {
    super(NodeUnderTest.class);
  }

  @Override
  protected NodeUnderTest start() {
    return NodeUnderTest.startInScratchDirectory();
  }
}
