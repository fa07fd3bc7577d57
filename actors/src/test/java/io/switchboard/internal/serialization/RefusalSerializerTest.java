package io.switchboard.internal.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.ErrorCode;
import io.switchboard.SwitchboardException;
import io.switchboard.request.RequestEndedException;
import io.switchboard.request.Usage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A refusal crosses the cluster typed: code, message and retry-after, also inside a StatusReply.
 */
class RefusalSerializerTest {
  private static ActorSystem system;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    system =
        ActorSystem.create(
            "refusal-serializer-test",
            ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.load()));
    serialization = SerializationExtension.get(system);
  }

  @AfterAll
  static void stop() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Object roundTrip(Object value) {
    Serializer serializer = serialization.findSerializerFor(value);
    byte[] bytes = serializer.toBinary(value);
    return serialization
        .deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value))
        .get();
  }

  @Test
  void aRefusalKeepsItsCodeAndMessage() {
    Object back =
        roundTrip(new SwitchboardException(ErrorCode.UNKNOWN_TOPIC, "topic 'ü' does not exist"));

    assertThat(back).isExactlyInstanceOf(SwitchboardException.class);
    assertThat(((SwitchboardException) back).code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC);
    assertThat(((SwitchboardException) back).getMessage()).isEqualTo("topic 'ü' does not exist");
  }

  @Test
  void overloadedAndUnreachableKeepTheirRetryAfter() {
    Object overloaded =
        roundTrip(new SwitchboardException.Overloaded("full", Duration.ofMillis(250)));
    Object unreachable =
        roundTrip(new SwitchboardException.Unreachable("gone", Duration.ofSeconds(2)));

    assertThat(overloaded)
        .isInstanceOfSatisfying(
            SwitchboardException.Overloaded.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(250)));
    assertThat(unreachable)
        .isInstanceOfSatisfying(
            SwitchboardException.Unreachable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
  }

  @Test
  void anEndedRequestKeepsItsUsageOrItsAbsence() {
    Object withUsage =
        roundTrip(new RequestEndedException(ErrorCode.CANCELLED, "cancelled", Usage.of(12, 34)));
    Object without =
        roundTrip(new RequestEndedException(ErrorCode.REQUEST_FAILED, "out of memory", null));

    assertThat(withUsage)
        .isInstanceOfSatisfying(
            RequestEndedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
              assertThat(e.usage()).isEqualTo(Usage.of(12, 34));
            });
    assertThat(without)
        .isInstanceOfSatisfying(
            RequestEndedException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("out of memory");
              assertThat(e.usage()).isNull();
            });
  }

  @Test
  void aStatusReplyErrorCarriesTheTypedRefusal() {
    StatusReply<String> reply =
        StatusReply.error(new SwitchboardException(ErrorCode.GROUP_EXISTS, "group 'g' exists"));

    Object back = roundTrip(reply);

    assertThat(((StatusReply<?>) back).getError())
        .isInstanceOfSatisfying(
            SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.GROUP_EXISTS));
  }

  @Test
  void aLoneSurrogateQuotedInTheMessageDoesNotFailTheWrite() {
    Object back = roundTrip(new SwitchboardException(ErrorCode.INVALID_NAME, "bad name '\ud800'"));

    assertThat(((SwitchboardException) back).getMessage()).isEqualTo("bad name '?'");
  }
}
