package io.switchboard.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections cannot be exhausted: long polls are bounded per client and per node and shed at once
 * beyond that, request heads must arrive in time, idle kept-alive connections close, and a plain
 * request still gets through. Each client is its own loopback address (127.0.0.x).
 */
class ConnectionLimitsTest extends RunningNodeTest {
  private static final int MAX_CONNECTIONS = 120;
  private static final int MAX_LONG_POLLS = 8;
  private static final int PER_CLIENT = 5;
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
  private static final int BACKLOG = 321;
  private static final String CONFIG =
      String.join(
          "\n",
          "switchboard.http.max-connections = " + MAX_CONNECTIONS,
          "switchboard.http.max-long-polls = " + MAX_LONG_POLLS,
          "switchboard.http.max-long-polls-per-client = " + PER_CLIENT,
          "switchboard.http.header-timeout = " + HEADER_TIMEOUT.toMillis() + "ms",
          "switchboard.http.idle-timeout = " + IDLE_TIMEOUT.toMillis() + "ms",
          "switchboard.http.backlog = " + BACKLOG);
  private static final String LONG_POLL = "{\"max\": 1, \"waitMs\": 6000}";
  private static final Pattern OPEN_POLLS =
      Pattern.compile("(?m)^switchboard_http_long_polls (\\S+)$");
  private static final AtomicInteger CLIENTS = new AtomicInteger(1);

  final List<RawConnection> sockets = new ArrayList<>();
  final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
  final List<ScheduledFuture<?>> drips = new ArrayList<>();

  @Override
  String config() {
    return CONFIG;
  }

  @BeforeAll
  void createTopics() {
    createTopic("quiet", 1, "g");
  }

  @AfterEach
  void closeSockets() {
    drips.forEach(d -> d.cancel(false));
    drips.clear();
    sockets.forEach(RawConnection::close);
    sockets.clear();
    // the long polls of one test must not count against the next
    await().atMost(Duration.ofSeconds(15)).until(() -> openLongPolls() == 0);
  }

  @AfterAll
  void stop() {
    drip.shutdownNow();
  }

  @Test
  void listensWithTheConfiguredBacklog() throws Exception {
    // ss shows a listening socket's backlog as its Send-Q (Linux); pekko-http's own is 100
    Process ss =
        new ProcessBuilder("ss", "-ltnH", "sport = :" + port()).redirectErrorStream(true).start();
    String listening = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String[] columns = listening.strip().split("\\s+"); // state, Recv-Q, Send-Q, ...
    assertThat(columns).as(listening).hasSizeGreaterThan(2);
    assertThat(columns[2]).as(listening).isEqualTo(Integer.toString(BACKLOG));
  }

  @Test
  void shedsLongPollsBeyondTheBoundsAtOnce() {
    String first = nextClient();
    longPolls(first, PER_CLIENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> openLongPolls() == PER_CLIENT);

    RawConnection.Response perClient = timedLongPoll(first);
    assertThat(perClient.status()).isEqualTo(429);
    assertThat(perClient.body()).contains("\"TOO_MANY_LONG_POLLS\"");
    assertThat(perClient.headers()).containsKey("retry-after");

    longPolls(nextClient(), MAX_LONG_POLLS - PER_CLIENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> openLongPolls() == MAX_LONG_POLLS);
    String third = nextClient();
    RawConnection.Response perNode = timedLongPoll(third);
    assertThat(perNode.status()).isEqualTo(503);
    assertThat(perNode.body()).contains("\"LONG_POLLS_EXHAUSTED\"");
    assertThat(perNode.headers()).containsKey("retry-after");

    // a pull that does not wait is never shed
    RawConnection shortPull = socket(third);
    shortPull.send("POST", "/v1/topics/quiet/groups/g/pull", "{\"max\": 1, \"waitMs\": 0}");
    assertThat(shortPull.read(Duration.ofSeconds(5)).status()).isEqualTo(200);
  }

  @Test
  void closesSlowHeadersAndStillAnswersShortRequests() {
    String slow = nextClient();
    List<RawConnection> slowloris = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      RawConnection socket = socket(slow);
      socket.trySend("GET /v1/topics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      slowloris.add(socket);
    }
    long opened = System.nanoTime();
    dripInto(slowloris);
    longPolls(nextClient(), PER_CLIENT);
    longPolls(nextClient(), MAX_LONG_POLLS - PER_CLIENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> openLongPolls() == MAX_LONG_POLLS);
    assertThat(timedLongPoll(nextClient()).status()).isEqualTo(503);

    long tookMs = timedGetOnANewConnection();
    System.out.printf(
        "ConnectionLimitsTest: GET /v1/topics beside 100 slow heads and %d long polls: %d ms%n",
        MAX_LONG_POLLS, tookMs);
    assertThat(tookMs).isLessThan(2_000);

    for (RawConnection socket : slowloris) {
      assertThat(socket.awaitClosedByServer(HEADER_TIMEOUT.plusSeconds(4)))
          .as("slow head closed")
          .isTrue();
    }
    long closedAfterMs = (System.nanoTime() - opened) / 1_000_000;
    System.out.printf(
        "ConnectionLimitsTest: 100 slow heads closed %d ms after they opened%n", closedAfterMs);
    assertThat(closedAfterMs).isGreaterThanOrEqualTo(HEADER_TIMEOUT.toMillis() - 500);
  }

  @Test
  void slowHeadsOnEveryConnectionHoldItOnlyUntilTheHeaderTimeout() {
    String slow = nextClient();
    List<RawConnection> slowloris = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS; i++) {
      RawConnection socket = socket(slow);
      socket.trySend("GET /v1/topics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      slowloris.add(socket);
    }
    dripInto(slowloris);

    long tookMs = timedGetOnANewConnection();
    System.out.printf(
        "ConnectionLimitsTest: GET /v1/topics with all %d connections held by slow heads: %d ms%n",
        MAX_CONNECTIONS, tookMs);
    assertThat(tookMs).isLessThan(HEADER_TIMEOUT.toMillis() + 3_000);
  }

  @Test
  void closesIdleKeptAliveConnections() {
    RawConnection socket = socket(nextClient());
    socket.send("GET", "/health/alive", null);
    assertThat(socket.read(Duration.ofSeconds(5)).status()).isEqualTo(200);
    long answered = System.nanoTime();
    assertThat(socket.awaitClosedByServer(IDLE_TIMEOUT.plusSeconds(3))).isTrue();
    assertThat((System.nanoTime() - answered) / 1_000_000)
        .isGreaterThanOrEqualTo(IDLE_TIMEOUT.toMillis() - 500);
  }

  @Test
  void keepsWebSocketsOpenPastTheIdleTimeout() {
    createTopic("streamed", 1, "g");
    StreamClient stream = StreamClient.connect(api, "/v1/topics/streamed/groups/g/stream");
    try {
      await()
          .during(IDLE_TIMEOUT.plusSeconds(1))
          .atMost(IDLE_TIMEOUT.plusSeconds(3))
          .until(() -> !stream.closed());
      assertThat(api.post("/v1/topics/streamed/messages", Map.of("payload", "late")).status())
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> String.join("", stream.texts()).contains("late"));
    } finally {
      stream.close();
    }
  }

  /** Sends a header byte every 200 ms into each socket: never idle, never a complete head. */
  private void dripInto(List<RawConnection> slowloris) {
    drips.add(
        drip.scheduleAtFixedRate(
            () -> slowloris.forEach(s -> s.trySend("a")), 0, 200, TimeUnit.MILLISECONDS));
  }

  private static String nextClient() {
    return "127.0.0." + (1 + CLIENTS.incrementAndGet());
  }

  private RawConnection socket(String client) {
    RawConnection socket = RawConnection.open(client, port());
    sockets.add(socket);
    return socket;
  }

  private void longPolls(String client, int count) {
    for (int i = 0; i < count; i++) {
      socket(client).send("POST", "/v1/topics/quiet/groups/g/pull", LONG_POLL);
    }
  }

  private RawConnection.Response timedLongPoll(String client) {
    RawConnection socket = socket(client);
    long before = System.nanoTime();
    socket.send("POST", "/v1/topics/quiet/groups/g/pull", LONG_POLL);
    RawConnection.Response response = socket.read(Duration.ofSeconds(10));
    long tookMs = (System.nanoTime() - before) / 1_000_000;
    System.out.printf(
        "ConnectionLimitsTest: long poll past the bound answered %d in %d ms%n",
        response.status(), tookMs);
    assertThat(tookMs).as("answered at once, not after waitMs").isLessThan(1_000);
    return response;
  }

  /** Returns how long a plain GET took on a connection of its own; it must answer 200. */
  private long timedGetOnANewConnection() {
    long before = System.nanoTime();
    RawConnection socket = socket(nextClient());
    socket.send("GET", "/v1/topics", null);
    assertThat(socket.read(Duration.ofSeconds(30)).status()).isEqualTo(200);
    return (System.nanoTime() - before) / 1_000_000;
  }

  private double openLongPolls() {
    Matcher matcher = OPEN_POLLS.matcher(api.get("/metrics").text());
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }
}
