package io.switchboard.runtime.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The static tokens of {@code switchboard.auth.tokens-file}, one a line: {@code <name> <tenant>
 * <grants> <hash>}, like {@code ingest team-a produce:chat.*,consume:replies hmac-sha256:...};
 * {@code #} starts a comment. A bearer token is {@code sb.<name>.<secret>}; removing its line
 * revokes it.
 */
public final class TokenFile {
  /** What starts every static token; a JWT never does (its header encodes to {@code eyJ}). */
  public static final String PREFIX = "sb.";

  private final Map<String, Entry> byName;

  private record Entry(Principal principal, String hash) {}

  private TokenFile(Map<String, Entry> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** Reads and checks the file; throws {@link IllegalArgumentException} naming the bad line. */
  public static TokenFile read(Path path) {
    List<String> lines;
    try {
      lines = Files.readAllLines(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the tokens file: " + e, e);
    }
    Map<String, Entry> entries = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        Entry entry = entry(line);
        if (entries.put(entry.principal().name(), entry) != null) {
          throw new IllegalArgumentException(
              "the name '" + entry.principal().name() + "' is used twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new TokenFile(entries);
  }

  /** Returns the line for a token named {@code name} with {@code hash}. */
  public static String line(String name, String tenant, List<Grant> grants, String hash) {
    String granted =
        grants.isEmpty() ? "-" : String.join(",", grants.stream().map(Grant::toString).toList());
    return name + " " + tenant + " " + granted + " " + hash;
  }

  /** Returns the bearer token for {@code name} and {@code secret}. */
  public static String token(String name, String secret) {
    return PREFIX + name + "." + secret;
  }

  /** Returns the principal of {@code token}, or empty when no line has its name and secret. */
  public Optional<Principal> principal(String token) {
    int dot = token.lastIndexOf('.');
    if (!token.startsWith(PREFIX) || dot <= PREFIX.length()) {
      return Optional.empty();
    }
    Entry entry = byName.get(token.substring(PREFIX.length(), dot));
    return entry != null && TokenHash.matches(entry.hash(), token.substring(dot + 1))
        ? Optional.of(entry.principal())
        : Optional.empty();
  }

  /** Returns how many tokens the file holds. */
  public int size() {
    return byName.size();
  }

  /**
   * Checks one line as {@link #read} does; throws {@link IllegalArgumentException} saying what is
   * wrong.
   */
  public static Principal parseLine(String line) {
    return entry(line.strip()).principal();
  }

  private static Entry entry(String line) {
    String[] fields = line.split("\\s+");
    if (fields.length != 4) {
      throw new IllegalArgumentException(
          "expected '<name> <tenant> <grants> <hash>', got " + fields.length + " fields");
    }
    requireName("name", fields[0]);
    requireName("tenant", fields[1]);
    TokenHash.requireWellFormed(fields[3]);
    return new Entry(new Principal(fields[0], fields[1], Grant.parseList(fields[2])), fields[3]);
  }

  /**
   * Throws when {@code value} is not a name of letters, digits, {@code .}, {@code _} and {@code -}.
   */
  static void requireName(String what, String value) {
    if (!value.matches("[A-Za-z0-9._-]{1,128}")) {
      throw new IllegalArgumentException(
          "a " + what + " is 1 to 128 letters, digits, '.', '_' or '-', got '" + value + "'");
    }
  }
}
