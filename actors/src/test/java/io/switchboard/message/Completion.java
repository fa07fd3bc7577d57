package io.switchboard.message;

import java.util.Objects;

/** A sample JavaBean payload for codec tests: mutable, no-arg constructor, getters and setters. */
final class Completion {
  private String text;
  private double latencyMillis;

  Completion() {}

  Completion(String text, double latencyMillis) {
    this.text = text;
    this.latencyMillis = latencyMillis;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  public double getLatencyMillis() {
    return latencyMillis;
  }

  public void setLatencyMillis(double latencyMillis) {
    this.latencyMillis = latencyMillis;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Completion c
        && Objects.equals(text, c.text)
        && latencyMillis == c.latencyMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, latencyMillis);
  }

  @Override
  public String toString() {
    return "Completion[" + text + ", " + latencyMillis + " ms]";
  }
}
