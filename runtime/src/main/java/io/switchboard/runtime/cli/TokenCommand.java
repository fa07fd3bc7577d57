package io.switchboard.runtime.cli;

import io.switchboard.runtime.auth.Grant;
import io.switchboard.runtime.auth.TokenFile;
import io.switchboard.runtime.auth.TokenHash;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code token}: mints a bearer token and prints it with its line for the tokens file. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Mint a bearer token: prints the token on stderr (give it to the client; it is stored nowhere) and on "
          + "stdout the line to append to switchboard.auth.tokens-file (its salted hash). Revoke it by removing the line.",
      "Example: token ingest --tenant team-a --grant 'produce:chat.*' --grant consume:replies >> tokens.txt 2> ingest.token"
    })
public final class TokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The principal's name: letters, digits, '.', '_', '-'.")
  String name;

  @Option(
      names = "--tenant",
      defaultValue = "default",
      description =
          "Tenant whose fair share and rate limits its requests use (default ${DEFAULT-VALUE}).")
  String tenant;

  @Option(
      names = "--grant",
      paramLabel = "RIGHT:PATTERN",
      description =
          "A right (produce, consume, admin) on topics matching a pattern (* for any characters); repeatable.")
  List<String> grants = List.of();

  @Override
  public Integer call() {
    List<Grant> parsed;
    try {
      parsed = grants.stream().map(Grant::parse).toList();
      SecureRandom random = new SecureRandom();
      String secret = TokenHash.newSecret(random);
      String line = TokenFile.line(name, tenant, parsed, TokenHash.hash(secret, random));
      TokenFile.parseLine(line);
      // the token goes to stderr, the file line to stdout: "token ... >> tokens.txt" keeps the
      // secret out of the file
      spec.commandLine().getErr().println(TokenFile.token(name, secret));
      spec.commandLine().getOut().println(line);
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("token: " + e.getMessage());
      return 2;
    }
  }
}
