"""Requests that answer, over switchboard.v1 (docs/requests.md): a caller's Answer and a worker's Server.

Reached through switchboard_client.Client: request(), replies(), cancel_request(), server().
"""
import itertools
import queue
import threading

import grpc

from switchboard_client import SwitchboardError, _Inbox, pb


class Answer:
    """A request's answer: iterate for ReplyChunk(request_id, seq, payload, last); errors raise SwitchboardError.

    Breaking off (close(), or the process ending) leaves the request running for a reattach;
    Client.cancel_request() cancels it.
    """

    def __init__(self, client, call, request_id, e2e=None):
        self._client = client
        self._call = call
        self.request_id = request_id
        self._e2e = e2e  # chunks arrive sealed: opened here (a chunk that does not open raises E2eError)

    def __iter__(self):
        try:
            for event in self._call:
                if event.WhichOneof("event") == "accepted":
                    self.request_id = event.accepted.request_id
                else:
                    yield _opened(self._e2e, event.chunk, "reply")
        except grpc.RpcError as failure:
            raise SwitchboardError.from_rpc(failure) from None

    def close(self):
        self._call.cancel()


class Request:
    """A request given to this worker: continue after `streamed`, reply() chunk by chunk, then complete() or fail().

    Each answer blocks until the node stored it (that is the caller's backpressure) and raises
    SwitchboardError when refused (CANCELLED, PAYLOAD_TOO_LARGE, UNKNOWN_REQUEST). `cancelled` is
    set when the worker should stop; `outcome` then says why.
    """

    def __init__(self, server, wire, e2e=None):
        self._server = server
        self.request_id = wire.message.id
        self.attempt = wire.attempt
        # a sealed request (header e2e-key) is opened, and its answers are sealed before they leave
        opened = wire.message if e2e is None else e2e.open_message(wire.message)
        self._e2e = e2e if opened is not wire.message else None
        self.message = opened
        self.streamed = [_opened(self._e2e, chunk, "streamed reply") for chunk in wire.streamed]
        self.cancelled = threading.Event()
        self.outcome = None

    def _sealed(self, payload):
        return payload if self._e2e is None else self._e2e.seal_reply(self.request_id, payload)

    def reply(self, payload):
        payload = self._sealed(payload)
        self._server._answer(lambda answer_id: pb.ServeRequest(reply=pb.SendReply(
            answer_id=answer_id, request_id=self.request_id, payload=payload)))

    def complete(self, payload, prompt_tokens=None, completion_tokens=None):
        """Sends the final reply; with the tokens the request used, the node counts them and the caller gets them."""
        usage = _usage(prompt_tokens, completion_tokens)
        payload = self._sealed(payload)
        self._server._answer(lambda answer_id: pb.ServeRequest(complete=pb.CompleteRequest(
            answer_id=answer_id, request_id=self.request_id, payload=payload, **usage)))

    def fail(self, reason, prompt_tokens=None, completion_tokens=None):
        """Ends the request with REQUEST_FAILED; with the tokens generated until then, counted and given to the caller."""
        usage = _usage(prompt_tokens, completion_tokens)
        self._server._answer(lambda answer_id: pb.ServeRequest(fail=pb.FailRequest(
            answer_id=answer_id, request_id=self.request_id, reason=reason, **usage)))

    def report_usage(self, prompt_tokens, completion_tokens):
        """After `cancelled` (CANCELLED or DEADLINE_EXCEEDED): the tokens generated before the stop, stored once."""
        self._server._answer(lambda answer_id: pb.ServeRequest(report_usage=pb.ReportUsage(
            answer_id=answer_id, request_id=self.request_id, prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens)))


def _opened(e2e, chunk, what):
    if e2e is None:
        return chunk
    opened = pb.ReplyChunk()
    opened.CopyFrom(chunk)
    opened.payload = e2e.open_reply(chunk.request_id, chunk.payload, f"{what} {chunk.seq}")
    return opened


def _usage(prompt_tokens, completion_tokens):
    if prompt_tokens is None and completion_tokens is None:
        return {}
    return dict(prompt_tokens=prompt_tokens or 0, completion_tokens=completion_tokens or 0)


class Server(_Inbox):
    """A worker's Serve stream: at most `credit` requests unanswered; iterate or receive() them.

    When the stream drops (the node stopped, the connection broke) the server opens a new one by
    itself after `min_backoff` seconds, doubling up to `max_backoff` (back to the minimum once a
    request arrives), and goes on serving: the node gives the requests of the old stream to other
    workers (this one included), so those still running here are told to stop (`outcome`
    SUPERSEDED) and answers to them fail (NOT_READY, or UNKNOWN_REQUEST on the new stream). A
    refusal that a retry would not change (no such topic or group, no right) ends the server with it.
    """

    # Refusals that come back the same however often the stream is opened again.
    _FINAL = {grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED,
              grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION}

    def __init__(self, stub, topic, group, credit, consumer_id, token_budget=0, min_backoff=0.1, max_backoff=5.0,
                 e2e=None):
        super().__init__()
        self._stub = stub
        self._e2e = e2e
        self.refused = []  # why requests that did not open were failed instead of served
        self._subscribe = pb.ServeRequest(subscribe=pb.Subscribe(
            topic=topic, group=group, credit=credit, consumer_id=consumer_id, token_budget=token_budget))
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._answers = {}
        self._running = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._closed = threading.Event()
        self.reconnects = 0
        self._open()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _open(self):
        requests = queue.Queue()
        requests.put(self._subscribe)
        with self._lock:
            self._requests = requests
        self._responses = self._stub.Serve(iter(requests.get, None))

    def _answer(self, build):
        waiter = [threading.Event(), None]
        with self._lock:
            answer_id = next(self._ids)
            self._answers[answer_id] = waiter
            requests = self._requests
        requests.put(build(answer_id))
        waiter[0].wait()
        if waiter[1] is not None:
            raise waiter[1]

    def _read(self):
        backoff = self._min_backoff
        while True:
            failure = self._serve_one()
            if failure is None and not self._closed.is_set():
                backoff = self._min_backoff  # the stream served requests: start the backoff again
            if self._closed.is_set() or isinstance(failure, SwitchboardError):
                break
            self._drop(SwitchboardError("NOT_READY", "the Serve stream broke: the request goes to another worker"))
            if self._closed.wait(backoff):
                break
            backoff = min(backoff * 2, self._max_backoff)
            self.reconnects += 1
            self._open()
        self._drop(self.error or SwitchboardError("NOT_READY", "the Serve stream ended"))
        self._end()

    def _serve_one(self):
        """Reads one stream to its end: None after a request came, a final SwitchboardError, or False."""
        served = False
        try:
            for response in self._responses:
                kind = response.WhichOneof("event")
                if kind == "request":
                    served = True
                    request = self._request(response.request)
                    if request is None:
                        continue
                    with self._lock:
                        self._running[request.request_id] = request
                    self._put(request)
                elif kind == "answered":
                    self._settle(response.answered.answer_id,
                                 SwitchboardError.of(response.answered.error) if response.answered.HasField("error") else None)
                elif kind == "stopped":
                    with self._lock:
                        request = self._running.pop(response.stopped.request_id, None)
                    if request is not None:
                        request.outcome = response.stopped.outcome
                        request.cancelled.set()
        except grpc.RpcError as failure:
            if failure.code() in Server._FINAL:
                self.error = SwitchboardError.from_rpc(failure)
                return self.error
        return None if served else False

    def _request(self, wire):
        """The request opened, or None: one that does not open is failed (REQUEST_FAILED), not served."""
        try:
            return Request(self, wire, self._e2e)
        except ValueError as refusal:  # switchboard_e2e.E2eError
            self.refused.append(str(refusal))
            unopened = Request(self, wire)
            threading.Thread(target=lambda: unopened.fail(f"the worker cannot open the request: {refusal}"),
                             daemon=True).start()  # its answer comes on this reader thread
            return None

    def _drop(self, gone):
        """Fails the answers waiting on the old stream and stops the requests it held."""
        with self._lock:
            waiting = list(self._answers)
            running = list(self._running.values())
            self._running.clear()
        for answer_id in waiting:
            self._settle(answer_id, gone)
        for request in running:
            request.outcome = "SUPERSEDED"
            request.cancelled.set()

    def _settle(self, answer_id, error):
        with self._lock:
            waiter = self._answers.pop(answer_id, None)
        if waiter is not None:
            waiter[1] = error
            waiter[0].set()

    def close(self):
        """Ends the stream: the node gives what was not answered to other workers."""
        self._closed.set()
        with self._lock:
            requests = self._requests
        requests.put(None)
