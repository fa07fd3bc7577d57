package io.switchboard.runtime.auth;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one HTTP route or gRPC method needs: one of {@code anyOf} on the topics it names, on every
 * topic, or no right at all beyond being a known principal.
 */
public record AccessRule(Set<Right> anyOf, Scope scope) {

  /** Where the rights are needed. */
  public enum Scope {
    /**
     * On each topic the request names; a request that names none (the router) needs them on every
     * topic.
     */
    TOPIC,
    /** On every topic (a grant on {@code *}): routes, which may point anywhere. */
    EVERY_TOPIC,
    /** Nowhere: any known principal may call (listings show only what it may see). */
    PRINCIPAL
  }

  public AccessRule {
    anyOf = Set.copyOf(anyOf);
  }

  /** Needs {@code right} on the request's topics. */
  public static AccessRule on(Right right) {
    return new AccessRule(EnumSet.of(right), Scope.TOPIC);
  }

  /** Needs some right on the request's topics: enough to learn that they exist. */
  public static AccessRule seeing() {
    return new AccessRule(EnumSet.allOf(Right.class), Scope.TOPIC);
  }

  /** Needs {@code right} on every topic. */
  public static AccessRule everywhere(Right right) {
    return new AccessRule(EnumSet.of(right), Scope.EVERY_TOPIC);
  }

  /** Needs a known principal only. */
  public static AccessRule principal() {
    return new AccessRule(Set.of(), Scope.PRINCIPAL);
  }

  /**
   * Returns null when {@code principal} may make a request naming {@code topics} (empty names stand
   * for "wherever the router sends it"), else one line saying what it lacks, without saying whether
   * any topic exists.
   */
  public String refusal(Principal principal, List<String> topics) {
    return switch (scope) {
      case PRINCIPAL -> null;
      case EVERY_TOPIC ->
          everywhere(principal) ? null : lacks(principal) + " on every topic (a grant on *)";
      case TOPIC ->
          topics.stream()
              .filter(
                  topic ->
                      topic.isEmpty()
                          ? !everywhere(principal)
                          : anyOf.stream().noneMatch(r -> principal.may(r, topic)))
              .findFirst()
              .map(
                  topic ->
                      topic.isEmpty()
                          ? lacks(principal) + " on every topic (publishing through routes)"
                          : lacks(principal) + " on topic '" + topic + "'")
              .orElse(null);
    };
  }

  private boolean everywhere(Principal principal) {
    return anyOf.stream().anyMatch(principal::mayEverywhere);
  }

  private String lacks(Principal principal) {
    String rights =
        anyOf.size() == Right.values().length
            ? "any right"
            : "the "
                + anyOf.stream().map(Right::label).sorted().collect(Collectors.joining(" or "))
                + " right";
    return "'" + principal.name() + "' lacks " + rights;
  }
}
