package io.switchboard.internal.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.balance.Balancing;
import io.switchboard.consumer.Receipt;
import io.switchboard.internal.group.ConsumerGroupBalancer.ConsumerLoad;
import io.switchboard.internal.group.ConsumerGroupBalancer.GroupLoad;
import io.switchboard.internal.protocol.PartitionProtocol.ConsumerMessage;
import io.switchboard.internal.protocol.PartitionProtocol.Delivered;
import io.switchboard.internal.protocol.PartitionProtocol.SettleKind;
import io.switchboard.message.Message;
import io.switchboard.priority.PrioritySettings;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class GroupDispatcherTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          com.typesafe.config.ConfigFactory.parseString("pekko.actor.provider = local"));
  static final ActorRef<ConsumerMessage> a = testKit.<ConsumerMessage>createTestProbe().ref();
  static final ActorRef<ConsumerMessage> b = testKit.<ConsumerMessage>createTestProbe().ref();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  static final int EPOCH = 3;
  static final int BINDING = Receipt.binding("t", 1, "g");

  private static Receipt receipt(long offset, int attempt) {
    return new Receipt(0, offset, attempt, EPOCH, BINDING);
  }

  private static GroupDispatcher dispatcher(Balancing balancing, int maxAttempts) {
    GroupDispatcher dispatcher =
        new GroupDispatcher(
            "g", BINDING, balancing.newStrategy(1), maxAttempts, 1_000, PrioritySettings.DEFAULTS);
    dispatcher.start(EPOCH);
    dispatcher.subscribe("a", a, 10, 1.0, 0, 0);
    dispatcher.subscribe("b", b, 10, 1.0, 0, 0);
    return dispatcher;
  }

  private static Map<String, List<Delivered>> dispatch(
      GroupDispatcher dispatcher, long... offsets) {
    dispatcher.enqueue(LongStream.of(offsets).boxed().toList());
    return dispatcher
        .dispatch(offset -> Message.builder("t").text("m" + offset).build(), 0, 0)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(e -> e.getKey().id, Map.Entry::getValue));
  }

  @Test
  void weighsWhatAConsumerHoldsFromOtherPartitions() {
    GroupDispatcher dispatcher = dispatcher(Balancing.LEAST_OUTSTANDING, 5);
    List<ConsumerLoad> mine = dispatcher.loads();
    dispatcher.groupLoad(
        new GroupLoad(List.of(new ConsumerLoad("a", 8, 1.0, 0), new ConsumerLoad("b", 0, 1.0, 0))),
        mine);

    Map<String, List<Delivered>> sent = dispatch(dispatcher, 0, 1, 2, 3, 4, 5);

    assertThat(sent.get("b")).hasSize(6);
    assertThat(sent).doesNotContainKey("a");
  }

  @Test
  void withoutTheGroupViewSplitsEvenly() {
    Map<String, List<Delivered>> sent =
        dispatch(dispatcher(Balancing.LEAST_OUTSTANDING, 5), 0, 1, 2, 3, 4, 5);
    assertThat(sent.get("a")).hasSize(3);
    assertThat(sent.get("b")).hasSize(3);
  }

  @Test
  void staleReceiptsAreRefusedAndTheLastAttemptDeadLetters() {
    GroupDispatcher dispatcher = dispatcher(Balancing.ROUND_ROBIN, 2);
    Delivered first = dispatch(dispatcher, 7).values().iterator().next().get(0);
    var nack = dispatcher.settle(List.of(receipt(7, 1)), SettleKind.NACK, 0, 0, 0);
    assertThat(nack.accepted()).hasSize(1);
    Delivered second = dispatch(dispatcher).values().iterator().next().get(0);
    assertThat(second.attempt()).isEqualTo(first.attempt() + 1);

    var stale = dispatcher.settle(List.of(receipt(7, 1)), SettleKind.ACK, 0, 0, 0);
    assertThat(stale.rejected()).hasSize(1);
    var last = dispatcher.settle(List.of(receipt(7, 2)), SettleKind.NACK, 0, 0, 0);
    assertThat(last.dead()).containsExactly(7L);
  }

  @Test
  void releaseReturnsWithoutCountingAnAttemptOrADelivery() {
    GroupDispatcher dispatcher = dispatcher(Balancing.ROUND_ROBIN, 2);
    dispatch(dispatcher, 3);
    dispatcher.settle(List.of(receipt(3, 1)), SettleKind.RELEASE, 0, 0, 0);
    assertThat(dispatcher.stats().delivered()).isZero();
    Delivered again = dispatch(dispatcher).values().iterator().next().get(0);
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(dispatcher.stats().delivered()).isEqualTo(1);
    assertThat(dispatcher.stats().redelivered()).isZero();
  }

  @Test
  void renewStartsTheLeaseAgainFromNow() {
    GroupDispatcher dispatcher = dispatcher(Balancing.ROUND_ROBIN, 5);
    dispatch(dispatcher, 5); // lease 1 s from time 0
    var renewed = dispatcher.settle(List.of(receipt(5, 1)), SettleKind.RENEW, 0, 900, 0);
    assertThat(renewed.accepted()).containsExactly(receipt(5, 1));
    assertThat(renewed.settled()).isEmpty();

    dispatcher.tick(1_500); // past the first lease, within the renewed one
    assertThat(dispatch(dispatcher)).isEmpty();
    dispatcher.tick(1_900);
    assertThat(dispatch(dispatcher).values().iterator().next().get(0).attempt()).isEqualTo(2);
  }

  @Test
  void refusesReceiptsOfAnotherGroupTopicOrStart() {
    GroupDispatcher dispatcher = dispatcher(Balancing.ROUND_ROBIN, 5);
    dispatch(dispatcher, 4);
    var foreign =
        dispatcher.settle(
            List.of(
                new Receipt(0, 4, 1, EPOCH, Receipt.binding("t", 1, "other")),
                new Receipt(0, 4, 1, EPOCH, Receipt.binding("t", 2, "g")),
                new Receipt(0, 4, 1, EPOCH - 1, BINDING)),
            SettleKind.ACK,
            0,
            0,
            0);
    assertThat(foreign.accepted()).isEmpty();
    assertThat(foreign.rejected()).hasSize(3);
    assertThat(dispatcher.settle(List.of(receipt(4, 1)), SettleKind.ACK, 0, 0, 0).settled())
        .containsExactly(4L);
  }

  @Test
  void deliversNothingBeforeItsStartIsWritten() {
    GroupDispatcher dispatcher =
        new GroupDispatcher(
            "g",
            BINDING,
            Balancing.ROUND_ROBIN.newStrategy(1),
            5,
            1_000,
            PrioritySettings.DEFAULTS);
    dispatcher.subscribe("a", a, 10, 1.0, 0, 0);
    assertThat(dispatch(dispatcher, 0)).isEmpty();
    dispatcher.start(EPOCH);
    assertThat(dispatch(dispatcher).get("a")).hasSize(1);
  }

  @Test
  void whatWasDeliveredBeforeARestartComesBackAsARedelivery() {
    GroupDispatcher dispatcher =
        new GroupDispatcher(
            "g",
            BINDING,
            Balancing.ROUND_ROBIN.newStrategy(1),
            5,
            1_000,
            PrioritySettings.DEFAULTS);
    dispatcher.start(EPOCH);
    dispatcher.subscribe("a", a, 10, 1.0, 0, 0);
    OffsetSet pending = OffsetSet.range(5, 7);
    pending.add(9);
    dispatcher.recover(pending, 6, Map.of());
    List<Delivered> sent = dispatch(dispatcher).get("a");
    assertThat(sent).extracting(Delivered::attempt).containsExactly(2, 2, 1);
    assertThat(dispatcher.stats().redelivered()).isEqualTo(2);
    assertThat(dispatcher.deliveredThrough()).isEqualTo(9);
  }

  /** Bodies all in memory, each offset of the class (cost) {@code costs} gives it. */
  private static MessageBodies costing(Map<Long, Long> costs) {
    return new MessageBodies() {
      @Override
      public Message message(long offset) {
        return Message.builder("t").text("m" + offset).build();
      }

      @Override
      public MessageClass classOf(long offset) {
        Long cost = costs.get(offset);
        return cost == null ? null : new MessageClass(null, "default", cost);
      }
    };
  }

  private static GroupDispatcher budgeted(long budgetA, long budgetB) {
    GroupDispatcher dispatcher =
        new GroupDispatcher(
            "g",
            BINDING,
            Balancing.LEAST_OUTSTANDING.newStrategy(1),
            5,
            60_000,
            PrioritySettings.DEFAULTS);
    dispatcher.start(EPOCH);
    dispatcher.subscribe("a", a, 50, 1.0, budgetA, 0);
    dispatcher.subscribe("b", b, 50, 1.0, budgetB, 0);
    return dispatcher;
  }

  @Test
  void neverHandsAConsumerMoreCostThanItsTokenBudget() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    Map<Long, Long> costs = new java.util.HashMap<>();
    OffsetSet pending = new OffsetSet();
    for (long offset = 0; offset < 400; offset++) {
      costs.put(offset, offset % 25 == 0 ? 1_500L : random.nextInt(600));
      pending.add(offset);
    }
    MessageBodies bodies = costing(costs);
    GroupDispatcher dispatcher = budgeted(1_000, 500);
    dispatcher.enqueue(pending, 0, 400, bodies);
    Map<String, Map<Long, Long>> held =
        Map.of("a", new java.util.HashMap<>(), "b", new java.util.HashMap<>());
    Map<String, Long> budgets = Map.of("a", 1_000L, "b", 500L);
    long maxHeld = 0;
    int delivered = 0;
    for (int round = 0; round < 10_000 && delivered < 400; round++) {
      for (var sent : dispatcher.dispatch(bodies, 0, 0).entrySet()) {
        Map<Long, Long> mine = held.get(sent.getKey().id);
        sent.getValue().forEach(d -> mine.put(d.offset(), costs.get(d.offset())));
        delivered += sent.getValue().size();
        long cost = mine.values().stream().mapToLong(Long::longValue).sum();
        if (mine.size() > 1) {
          maxHeld = Math.max(maxHeld, cost);
          assertThat(cost)
              .as("cost held by %s: %s", sent.getKey().id, mine)
              .isLessThanOrEqualTo(budgets.get(sent.getKey().id));
        }
      }
      for (Map<Long, Long> mine : held.values()) { // each consumer acks about half of what it holds
        List<Long> done = mine.keySet().stream().filter(o -> random.nextBoolean()).toList();
        dispatcher.settle(done.stream().map(o -> receipt(o, 1)).toList(), SettleKind.ACK, 0, 0, 0);
        done.forEach(mine::remove);
      }
    }
    assertThat(delivered).as("every message delivered, the large ones alone").isEqualTo(400);
    System.out.printf(
        "token budgets 1000/500: max cost held by a consumer holding two or more: %d%n", maxHeld);
  }

  @Test
  void aShareOfASharedBudgetHoldsTheConsumerBackAndSaysWhatTheWaitingMessageLacks() {
    MessageBodies bodies = costing(Map.of(0L, 200L, 1L, 400L, 2L, 1_500L));
    GroupDispatcher dispatcher =
        new GroupDispatcher(
            "g",
            BINDING,
            Balancing.ROUND_ROBIN.newStrategy(1),
            5,
            60_000,
            PrioritySettings.DEFAULTS);
    dispatcher.start(EPOCH);
    dispatcher.subscribe("a", a, 50, 1.0, 1_000, 0);
    dispatcher.grant("a", 300); // this partition's share of a budget of 1,000
    dispatcher.enqueue(OffsetSet.range(0, 3), 0, 3, bodies);

    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(0L);
    assertThat(dispatcher.wantsChanged())
        .as("200 held, 400 waiting: the share of 300 is what keeps it out")
        .extracting(slot -> slot.wanted)
        .containsExactly(400L);
    assertThat(dispatcher.dispatch(bodies, 0, 0)).isEmpty();
    assertThat(dispatcher.wantsChanged()).as("told once").isEmpty();

    dispatcher.grant("a", 600);
    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(1L);
    assertThat(dispatcher.wantsChanged())
        .as("larger than the whole budget: it asks for it")
        .extracting(slot -> slot.wanted)
        .containsExactly(1_500L);
    dispatcher.settle(List.of(receipt(0, 1), receipt(1, 1)), SettleKind.ACK, 0, 0, 0);
    assertThat(dispatcher.dispatch(bodies, 0, 0))
        .as("holding nothing, but a share of 600 is not the whole budget: not alone yet")
        .isEmpty();
    dispatcher.grant("a", 1_000);
    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(2L);
    assertThat(dispatcher.wantsChanged()).extracting(slot -> slot.wanted).containsExactly(0L);
  }

  @Test
  void aRequestLargerThanTheBudgetGoesAloneToAnIdleConsumerAndNothingOvertakesIt() {
    MessageBodies bodies = costing(Map.of(0L, 600L, 1L, 2_000L, 2L, 10L));
    GroupDispatcher dispatcher =
        new GroupDispatcher(
            "g",
            BINDING,
            Balancing.ROUND_ROBIN.newStrategy(1),
            5,
            60_000,
            PrioritySettings.DEFAULTS);
    dispatcher.start(EPOCH);
    dispatcher.subscribe("a", a, 50, 1.0, 1_000, 0);
    dispatcher.enqueue(OffsetSet.range(0, 3), 0, 3, bodies);

    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(0L);
    dispatcher.settle(List.of(receipt(0, 1)), SettleKind.ACK, 0, 0, 0);
    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(1L);
    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0)))
        .as("10 tokens wait behind the 2000 held")
        .isEmpty();
    dispatcher.settle(List.of(receipt(1, 1)), SettleKind.ACK, 0, 0, 0);
    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(2L);
  }

  @Test
  void aNackedOrExpiredDeliveryGivesItsTokensBack() {
    MessageBodies bodies = costing(Map.of(0L, 800L, 1L, 800L));
    GroupDispatcher dispatcher = budgeted(1_000, 1_000);
    dispatcher.subscribe("b", b, 0, 1.0, 1_000, 0); // b takes nothing
    dispatcher.enqueue(OffsetSet.range(0, 2), 0, 2, bodies);
    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(0L);

    dispatcher.settle(List.of(receipt(0, 1)), SettleKind.NACK, 0, 0, 0);
    assertThat(offsets(dispatcher.dispatch(bodies, 0, 0))).containsExactly(0L);
    dispatcher.tick(60_000);
    assertThat(offsets(dispatcher.dispatch(bodies, 60_000, 0))).containsExactly(0L);
  }

  private static List<Long> offsets(Map<ConsumerSlots.Slot, List<Delivered>> sent) {
    return sent.values().stream().flatMap(List::stream).map(Delivered::offset).sorted().toList();
  }
}
