package io.switchboard.runtime.cli;

import io.switchboard.runtime.emulator.BackendEmulator;
import io.switchboard.runtime.emulator.EmulatorSettings;
import io.switchboard.runtime.emulator.Fault;
import io.switchboard.simulator.service.ServiceModel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code emulate-backend}: an OpenAI-compatible inference server that behaves like vLLM, without a
 * GPU.
 */
@Command(
    name = "emulate-backend",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Serve one model like vLLM's OpenAI server (/v1/models, /v1/chat/completions, /v1/completions,",
      "/v1/embeddings, /health) with deterministic text, vLLM's SSE framing and usage, time to first token",
      "b0 + b1 x uncached prompt tokens, then b2 per token, a prefix cache per conversation and faults on demand.",
      "Example: emulate-backend --port 8000 --model llama-3-8b --b2-ms 20 --max-concurrency 64"
    })
public final class EmulateBackendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = {"--model", "--served-model-name"},
      defaultValue = "emulated-model",
      description = "The model name served (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--max-model-len",
      defaultValue = "4096",
      description = "Prompt plus completion tokens allowed (default ${DEFAULT-VALUE}).")
  int maxModelLen;

  @Option(
      names = "--b0-ms",
      defaultValue = "20",
      description = "Fixed time to first token, ms (default ${DEFAULT-VALUE}).")
  double b0Ms;

  @Option(
      names = "--b1-ms",
      defaultValue = "0.1",
      description = "Time per uncached prompt token, ms (default ${DEFAULT-VALUE}).")
  double b1Ms;

  @Option(
      names = "--b2-ms",
      defaultValue = "10",
      description = "Time per output token after the first, ms (default ${DEFAULT-VALUE}).")
  double b2Ms;

  @Option(
      names = "--reply-tokens-min",
      defaultValue = "16",
      description = "Fewest tokens a reply runs to unless stopped (default ${DEFAULT-VALUE}).")
  int replyTokensMin;

  @Option(
      names = "--reply-tokens-max",
      defaultValue = "64",
      description = "Most tokens a reply runs to unless stopped (default ${DEFAULT-VALUE}).")
  int replyTokensMax;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of requests that carry none (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--block-size",
      defaultValue = "16",
      description =
          "Tokens per KV-cache block; cached tokens count in whole blocks (default ${DEFAULT-VALUE}).")
  int blockSize;

  @Option(
      names = "--cached-conversations",
      defaultValue = "256",
      description =
          "Conversations whose prefix stays cached, least recently used out; 0 disables the cache (default ${DEFAULT-VALUE}).")
  int cachedConversations;

  @Option(
      names = "--enable-prompt-tokens-details",
      description =
          "Report usage.prompt_tokens_details.cached_tokens, as vLLM's option of that name.")
  boolean promptTokensDetails;

  @Option(
      names = {"--max-concurrency", "--max-num-seqs"},
      defaultValue = "256",
      description =
          "Turns generated at once; the rest queue in arrival order (default ${DEFAULT-VALUE}).")
  int maxConcurrency;

  @Option(
      names = "--embedding-dimensions",
      defaultValue = "384",
      description = "Length of embedding vectors (default ${DEFAULT-VALUE}).")
  int embeddingDimensions;

  @Option(
      names = "--fault",
      description =
          "A fault for every request without its own x-emulator-fault header: die-after=N, stall-after=N or status=CODE.")
  String fault;

  @Option(
      names = "--stall-for",
      defaultValue = "PT10M",
      converter = DurationConverter.class,
      description =
          "How long a stalled stream stays silent before the connection drops (default 10m).")
  Duration stallFor;

  /** Returns the settings these options describe. */
  EmulatorSettings settings() {
    return new EmulatorSettings(
        model,
        maxModelLen,
        ServiceModel.llm(b0Ms * 1e6, b1Ms * 1e6, b2Ms * 1e6),
        replyTokensMin,
        replyTokensMax,
        seed,
        blockSize,
        cachedConversations,
        promptTokensDetails,
        maxConcurrency,
        embeddingDimensions,
        Fault.parse(fault),
        stallFor);
  }

  @Override
  public Integer call() throws Exception {
    EmulatorSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (BackendEmulator emulator =
        BackendEmulator.start(settings, new InetSocketAddress(host, port))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "emulator-stop"));
      System.out.println(
          "emulating " + model + " on http://" + host + ":" + emulator.port() + "/v1");
      stopped.await();
    }
    return 0;
  }
}
