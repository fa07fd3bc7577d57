package io.switchboard.runtime.grpc;

import io.switchboard.ErrorCode;
import io.switchboard.Switchboard;
import io.switchboard.SwitchboardException;
import io.switchboard.message.Names;
import io.switchboard.protocol.v1.ListDeadLettersRequest;
import io.switchboard.protocol.v1.ListDeadLettersResponse;
import io.switchboard.protocol.v1.PurgeDeadLettersRequest;
import io.switchboard.protocol.v1.PurgeDeadLettersResponse;
import io.switchboard.protocol.v1.ReplayDeadLettersRequest;
import io.switchboard.protocol.v1.ReplayDeadLettersResponse;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The service's dead-letter calls: list, replay (all or chosen ids) and purge, each bounded. */
final class DeadLetterCalls {
  private final GrpcEdge edge;
  private final Switchboard switchboard;

  DeadLetterCalls(GrpcEdge edge) {
    this.edge = edge;
    this.switchboard = edge.switchboard();
  }

  CompletionStage<ListDeadLettersResponse> list(ListDeadLettersRequest request) {
    return switchboard
        .deadLetters(Names.requireTopic(request.getTopic()), count("limit", request.getLimit()))
        .thenApplyAsync(
            messages ->
                ListDeadLettersResponse.newBuilder()
                    .addAllMessages(messages.stream().map(ProtoMessages::toProto).toList())
                    .build(),
            edge.executor());
  }

  CompletionStage<ReplayDeadLettersResponse> replay(ReplayDeadLettersRequest request) {
    String topic = Names.requireTopic(request.getTopic());
    if (request.getIdsCount() == 0) {
      return switchboard
          .replayDeadLetters(topic, count("max", request.getMax()))
          .thenApplyAsync(
              replayed -> ReplayDeadLettersResponse.newBuilder().setReplayed(replayed).build(),
              edge.executor());
    }
    Set<String> ids =
        DeadLetterChoice.ids(request.getIdsList(), request.getMax(), edge.settings().maxBatch());
    // looked for where a listing can show them: among the oldest max-batch
    return switchboard
        .replayDeadLetters(topic, ids, edge.settings().maxBatch())
        .thenApplyAsync(
            sent ->
                ReplayDeadLettersResponse.newBuilder()
                    .setReplayed(sent.size())
                    .addAllNotFound(ids.stream().filter(id -> !sent.contains(id)).toList())
                    .build(),
            edge.executor());
  }

  CompletionStage<PurgeDeadLettersResponse> purge(PurgeDeadLettersRequest request) {
    return switchboard
        .purgeDeadLetters(Names.requireTopic(request.getTopic()), count("max", request.getMax()))
        .thenApplyAsync(
            purged -> PurgeDeadLettersResponse.newBuilder().setPurged(purged).build(),
            edge.executor());
  }

  /** Returns a listing's size: 0 means the most allowed (switchboard.grpc.max-batch). */
  private int count(String field, int value) {
    int max = edge.settings().maxBatch();
    if (value < 0 || value > max) {
      throw new SwitchboardException(
          ErrorCode.INVALID_ARGUMENT,
          field + " must be between 0 and " + max + " (switchboard.grpc.max-batch), got " + value);
    }
    return value == 0 ? max : value;
  }
}
