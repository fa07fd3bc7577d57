package io.switchboard.client.internal;

import io.switchboard.client.RemoteRequest;
import io.switchboard.message.Message;
import io.switchboard.request.Outcome;
import io.switchboard.request.ReplyChunk;
import io.switchboard.request.Usage;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * A request of a covered topic as its worker sees it: the request and what earlier workers streamed
 * opened, every reply sealed before it leaves ({@link EndToEnd}).
 */
public final class SealedRemoteRequest implements RemoteRequest {
  private final RemoteRequest request;
  private final EndToEnd e2e;
  private final Message message;
  private final List<ReplyChunk> streamed;

  private SealedRemoteRequest(
      RemoteRequest request, EndToEnd e2e, Message message, List<ReplyChunk> streamed) {
    this.request = request;
    this.e2e = e2e;
    this.message = message;
    this.streamed = streamed;
  }

  /**
   * Returns {@code request} opened; a request that was not sealed (its topic not covered, no
   * header) is returned as it is. Throws as {@link EndToEnd#open}.
   */
  public static RemoteRequest open(RemoteRequest request, EndToEnd e2e) {
    Message original = request.message();
    Message opened = e2e.open(original);
    if (opened == original) {
      return request;
    }
    List<ReplyChunk> streamed = request.streamed().stream().map(e2e::openReply).toList();
    return new SealedRemoteRequest(request, e2e, opened, streamed);
  }

  @Override
  public String requestId() {
    return request.requestId();
  }

  @Override
  public Message message() {
    return message;
  }

  @Override
  public int attempt() {
    return request.attempt();
  }

  @Override
  public List<ReplyChunk> streamed() {
    return streamed;
  }

  @Override
  public CompletionStage<Done> reply(byte[] chunk) {
    return request.reply(e2e.sealReply(requestId(), chunk));
  }

  @Override
  public CompletionStage<Done> complete(byte[] last, Usage usage) {
    return request.complete(e2e.sealReply(requestId(), last), usage);
  }

  @Override
  public CompletionStage<Done> fail(String reason, Usage usage) {
    return request.fail(reason, usage);
  }

  @Override
  public CompletionStage<Done> reportUsage(Usage usage) {
    return request.reportUsage(usage);
  }

  @Override
  public CompletionStage<Outcome> cancelled() {
    return request.cancelled();
  }
}
