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

    def __init__(self, client, call, request_id):
        self._client = client
        self._call = call
        self.request_id = request_id

    def __iter__(self):
        try:
            for event in self._call:
                if event.WhichOneof("event") == "accepted":
                    self.request_id = event.accepted.request_id
                else:
                    yield event.chunk
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

    def __init__(self, server, wire):
        self._server = server
        self.message = wire.message
        self.request_id = wire.message.id
        self.attempt = wire.attempt
        self.streamed = list(wire.streamed)
        self.cancelled = threading.Event()
        self.outcome = None

    def reply(self, payload):
        self._server._answer(lambda answer_id: pb.ServeRequest(reply=pb.SendReply(
            answer_id=answer_id, request_id=self.request_id, payload=payload)))

    def complete(self, payload, prompt_tokens=None, completion_tokens=None):
        """Sends the final reply; with the tokens the request used, the node counts them and the caller gets them."""
        usage = {}
        if prompt_tokens is not None or completion_tokens is not None:
            usage = dict(prompt_tokens=prompt_tokens or 0, completion_tokens=completion_tokens or 0)
        self._server._answer(lambda answer_id: pb.ServeRequest(complete=pb.CompleteRequest(
            answer_id=answer_id, request_id=self.request_id, payload=payload, **usage)))

    def fail(self, reason):
        self._server._answer(lambda answer_id: pb.ServeRequest(fail=pb.FailRequest(
            answer_id=answer_id, request_id=self.request_id, reason=reason)))


class Server(_Inbox):
    """One Serve stream: at most `credit` requests unanswered; iterate or receive() them."""

    def __init__(self, stub, topic, group, credit, consumer_id, token_budget=0):
        super().__init__()
        self._requests = queue.Queue()
        self._answers = {}
        self._running = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._requests.put(pb.ServeRequest(subscribe=pb.Subscribe(
            topic=topic, group=group, credit=credit, consumer_id=consumer_id, token_budget=token_budget)))
        self._responses = stub.Serve(iter(self._requests.get, None))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _answer(self, build):
        waiter = [threading.Event(), None]
        with self._lock:
            answer_id = next(self._ids)
            self._answers[answer_id] = waiter
        self._requests.put(build(answer_id))
        waiter[0].wait()
        if waiter[1] is not None:
            raise waiter[1]

    def _read(self):
        try:
            for response in self._responses:
                kind = response.WhichOneof("event")
                if kind == "request":
                    request = Request(self, response.request)
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
            if failure.code() != grpc.StatusCode.CANCELLED:
                self.error = SwitchboardError.from_rpc(failure)
        finally:
            gone = self.error or SwitchboardError("NOT_READY", "the Serve stream ended")
            with self._lock:
                waiting = list(self._answers)
            for answer_id in waiting:
                self._settle(answer_id, gone)
            self._end()

    def _settle(self, answer_id, error):
        with self._lock:
            waiter = self._answers.pop(answer_id, None)
        if waiter is not None:
            waiter[1] = error
            waiter[0].set()

    def close(self):
        """Ends the stream: the node gives what was not answered to other workers."""
        self._requests.put(None)
