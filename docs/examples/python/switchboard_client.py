"""A small client of Switchboard's gRPC service switchboard.v1.

Publisher: keeps up to `window` messages unconfirmed on one Publish stream.
Consumer: one Consume stream with a credit; ack or nack each delivery.
Requests: Client.request() yields a request's reply chunks (Client.replies() reattaches by cursor);
Client.server() is a worker: its requests answer with reply(), complete() or fail().
Stubs: generate_stubs.sh writes them to ./generated (or $SWITCHBOARD_STUBS).
TLS: set $SWITCHBOARD_CA to the PEM file of the CA that signed the node's certificate (and, for
a node that requires client certificates, $SWITCHBOARD_CERT and $SWITCHBOARD_KEY).
Authentication: set $SWITCHBOARD_TOKEN (or pass token=) to a bearer token or JWT for a node with
switchboard.auth on; every call then carries "authorization: Bearer <token>" metadata.
End-to-end encryption: set $SWITCHBOARD_E2E=on with keys in $SWITCHBOARD_E2E_KEY_FILE or
$SWITCHBOARD_E2E_KEYS (or pass e2e=switchboard_e2e.EndToEnd(...)): payloads of the covered topics are
sealed before they leave and opened on delivery, the same bytes as the Java client (switchboard_e2e.py).
Run with Debian's /usr/bin/python3 (python3-grpcio, python3-protobuf).
"""
import collections
import itertools
import os
import queue
import sys
import threading

import grpc

sys.path.insert(0, os.environ.get("SWITCHBOARD_STUBS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated")))
from switchboard.v1 import switchboard_pb2 as pb  # noqa: E402
from switchboard.v1 import switchboard_pb2_grpc as rpc  # noqa: E402

ERROR_KEY = "switchboard-error-bin"


class SwitchboardError(Exception):
    """A refusal with the node's stable code (UNKNOWN_TOPIC, OVERLOADED, ...)."""

    def __init__(self, code, message, retry_after_millis=0, usage=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retry_after_millis = retry_after_millis
        # On the end of a failed, cancelled or timed-out request: (prompt_tokens, completion_tokens)
        # its worker reported, else None.
        self.usage = usage

    @staticmethod
    def of(error):
        usage = None
        if error.HasField("prompt_tokens") or error.HasField("completion_tokens"):
            usage = (error.prompt_tokens, error.completion_tokens)
        return SwitchboardError(error.code, error.message, error.retry_after_millis, usage)

    @staticmethod
    def from_rpc(failure):
        """Returns the stable error a failed call carries in its trailers."""
        for key, value in (failure.trailing_metadata() or ()):
            if key == ERROR_KEY:
                return SwitchboardError.of(pb.Error.FromString(value))
        return SwitchboardError(failure.code().name, failure.details() or "")


def _read(path):
    if not path:
        return None
    with open(path, "rb") as file:
        return file.read()


class _CallDetails(collections.namedtuple("_CallDetails", (
        "method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")), grpc.ClientCallDetails):
    pass


class _Bearer(grpc.UnaryUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds "authorization: Bearer <token>" to every call (plaintext or TLS alike)."""

    def __init__(self, token):
        self.header = ("authorization", "Bearer " + token)

    def _with_token(self, details):
        return _CallDetails(details.method, details.timeout, tuple(details.metadata or ()) + (self.header,),
                            details.credentials, details.wait_for_ready, details.compression)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._with_token(details), requests)


class Client:
    """A connection to one node; admin calls, publishers and consumers share it."""

    def __init__(self, target="127.0.0.1:7070", ca=None, cert=None, key=None, token=None, e2e=None):
        token = token or os.environ.get("SWITCHBOARD_TOKEN")
        if e2e is None and os.environ.get("SWITCHBOARD_E2E"):
            from switchboard_e2e import EndToEnd  # needs python3-cryptography: imported only when used
            e2e = EndToEnd.from_environment()
        self.e2e = e2e or None  # e2e=False: none, whatever the environment says
        ca = ca or os.environ.get("SWITCHBOARD_CA")
        cert = cert or os.environ.get("SWITCHBOARD_CERT")
        key = key or os.environ.get("SWITCHBOARD_KEY")
        if ca:
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_read(ca), private_key=_read(key), certificate_chain=_read(cert))
            self.channel = grpc.secure_channel(target, credentials)
        else:
            self.channel = grpc.insecure_channel(target)
        calls = grpc.intercept_channel(self.channel, _Bearer(token)) if token else self.channel
        self.stub = rpc.SwitchboardStub(calls)

    def _call(self, method, request):
        try:
            return method(request, timeout=30)
        except grpc.RpcError as failure:
            raise SwitchboardError.from_rpc(failure) from None

    def create_topic(self, name, partitions=0, durable=None):
        topic = pb.Topic(name=name, partitions=partitions)
        if durable is not None:
            topic.durable = durable
        return self._call(self.stub.CreateTopic, pb.CreateTopicRequest(topic=topic))

    def create_group(self, topic, name):
        return self._call(self.stub.CreateGroup, pb.CreateGroupRequest(group=pb.Group(topic=topic, name=name)))

    def topic_stats(self, name):
        return self._call(self.stub.GetTopicStats, pb.GetTopicStatsRequest(name=name))

    def publisher(self, window=100):
        return Publisher(self.stub, window, self.e2e)

    def consumer(self, topic, group, credit=32, consumer_id="", token_budget=0):
        """token_budget: most estimated tokens (switchboard-cost) held unsettled per partition; 0: none."""
        return Consumer(self.stub, topic, group, credit, consumer_id, token_budget, self.e2e)

    def request(self, topic, payload, id="", key="", type="", headers=None, content_type="", timeout_millis=0,
                window=0):
        """Sends a request; iterate the returned Answer for its chunks (the last one has .last set).

        window: most chunks the node stores ahead of this caller's reading before the worker waits
        (0: the node's switchboard.requests.window; above switchboard.requests.max-window: INVALID_ARGUMENT).
        The final reply carries the worker's token usage when it reported one: HasField("prompt_tokens").
        """
        message = pb.Message(id=id, topic=topic, payload=payload, key=key, type=type, headers=headers or {},
                             content_type=content_type)
        sealed = self.e2e is not None and self.e2e.covers(topic)
        if sealed:
            self.e2e.seal_message(message)  # gives the request an id: its replies are bound to it
        from switchboard_requests import Answer
        return Answer(self, self.stub.Request(pb.RequestCall(message=message, timeout_millis=timeout_millis,
                                                             window=window)), message.id,
                      self.e2e if sealed else None)

    def replies(self, request_id, cursor=0):
        """Reattaches to a request: an Answer with the chunks after `cursor` (the last seq read).

        With end-to-end encryption on, every chunk must arrive sealed (the request's topic is not known here).
        """
        from switchboard_requests import Answer
        return Answer(self, self.stub.Replies(pb.RepliesRequest(request_id=request_id, cursor=cursor)), request_id,
                      self.e2e)

    def cancel_request(self, request_id):
        self._call(self.stub.CancelRequest, pb.CancelRequestRequest(request_id=request_id))

    def server(self, topic, group, credit=1, consumer_id="", token_budget=0, min_backoff=0.1, max_backoff=5.0):
        """token_budget: most estimated tokens (switchboard-cost) of the requests held at once; 0: none.

        The server reopens its stream when it drops, after min_backoff seconds doubling to max_backoff.
        """
        from switchboard_requests import Server
        return Server(self.stub, topic, group, credit, consumer_id, token_budget, min_backoff, max_backoff, self.e2e)

    def close(self):
        self.channel.close()


class Pending:
    """The outcome of one publish: result() returns its Confirm or raises SwitchboardError."""

    def __init__(self):
        self._done = threading.Event()
        self._confirm = None
        self._error = None

    def _set(self, result):
        if result.HasField("confirm"):
            self._confirm = result.confirm
        else:
            self._error = SwitchboardError.of(result.error)
        self._done.set()

    def _fail(self, error):
        self._error = error
        self._done.set()

    def done(self):
        return self._done.is_set()

    def result(self, timeout=None):
        if not self._done.wait(timeout):
            raise TimeoutError("no confirm yet")
        if self._error is not None:
            raise self._error
        return self._confirm


class Publisher:
    """Publishes over one stream; publish() blocks while `window` messages are unconfirmed."""

    def __init__(self, stub, window, e2e=None):
        self._e2e = e2e
        self._window = threading.Semaphore(window)
        self._pending = {}
        self._lock = threading.Lock()
        self._sequence = itertools.count(1)
        self._requests = queue.Queue()
        self._ended = None  # the error the stream ended with, once it has
        self._responses = stub.Publish(iter(self._requests.get, None))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def publish(self, topic, payload, key="", type="", headers=None, content_type="", idempotency_key="", id=""):
        """id: the message's id (empty: the node assigns one; a sealed message gets one here)."""
        message = pb.Message(id=id, topic=topic, payload=payload, key=key, type=type, headers=headers or {},
                             content_type=content_type, idempotency_key=idempotency_key)
        if self._e2e is not None:
            self._e2e.seal_message(message)
        self._window.acquire()
        pending = Pending()
        with self._lock:
            if self._ended is not None:
                pending._fail(self._ended)
                self._window.release()
                return pending
            sequence = next(self._sequence)
            self._pending[sequence] = pending
        self._requests.put(pb.PublishRequest(first_sequence=sequence, messages=[message]))
        return pending

    def _read(self):
        # Whatever ends this thread fails what is still unconfirmed with the reason, so a caller
        # waiting on result() hears why instead of timing out.
        error = SwitchboardError("STREAM_ENDED", "the node ended the publish stream before confirming")
        try:
            for response in self._responses:
                for i, result in enumerate(response.results):
                    with self._lock:
                        pending = self._pending.pop(response.first_sequence + i, None)
                    if pending is None:
                        continue  # not ours to wait for: nothing blocks on it
                    pending._set(result)
                    self._window.release()
        except grpc.RpcError as failure:
            error = SwitchboardError.from_rpc(failure)
        except Exception as failure:  # a bug here must not leave callers waiting forever
            error = SwitchboardError("CLIENT_ERROR", repr(failure))
        finally:
            with self._lock:
                self._ended = error
                lost, self._pending = list(self._pending.values()), {}
            for pending in lost:
                pending._fail(error)
                self._window.release()

    def close(self):
        """Waits for the confirms of everything published, then ends the stream."""
        self._requests.put(None)
        self._reader.join()


class Delivery:
    """One delivery: the message, its attempt (1 at first), and ack/nack on its stream."""

    def __init__(self, consumer, delivery, message=None):
        self._consumer = consumer
        self.message = message or delivery.message
        self.receipt = delivery.receipt
        self.attempt = delivery.attempt

    def ack(self):
        self._consumer._send(pb.ConsumeRequest(ack=pb.Ack(receipts=[self.receipt])))

    def nack(self, delay_millis=0):
        self._consumer._send(pb.ConsumeRequest(nack=pb.Nack(receipts=[self.receipt], delay_millis=delay_millis)))


class _Inbox:
    """What a stream's reader thread received, until it ends (then its error, if any, is raised)."""

    _END = object()

    def __init__(self):
        self._inbox = queue.Queue()
        self.error = None

    def _put(self, item):
        self._inbox.put(item)

    def _end(self):
        self._inbox.put(_Inbox._END)

    def receive(self, timeout=None):
        """Returns the next item, or None when the stream ended or nothing came in time."""
        try:
            item = self._inbox.get(timeout=timeout)
        except queue.Empty:
            return None
        if item is _Inbox._END:
            self._inbox.put(item)
            if self.error is not None:
                raise self.error
            return None
        return item

    def __iter__(self):
        while True:
            item = self.receive()
            if item is None:
                return
            yield item


class Consumer(_Inbox):
    """One Consume stream: at most `credit` deliveries unsettled; iterate or receive() them.

    With end-to-end encryption, a delivery whose payload does not open (altered, unknown key, plaintext
    on a covered topic) is nacked, never handed over; `refused` lists why.
    """

    def __init__(self, stub, topic, group, credit, consumer_id, token_budget=0, e2e=None):
        super().__init__()
        self._e2e = e2e
        self._requests = queue.Queue()
        self.rejected = []
        self.refused = []
        self.subscribed = threading.Event()
        self._requests.put(pb.ConsumeRequest(subscribe=pb.Subscribe(
            topic=topic, group=group, credit=credit, consumer_id=consumer_id, token_budget=token_budget)))
        self._responses = stub.Consume(iter(self._requests.get, None))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _send(self, request):
        self._requests.put(request)

    def set_credit(self, credit):
        self._send(pb.ConsumeRequest(set_credit=pb.SetCredit(credit=credit)))

    def _read(self):
        try:
            for response in self._responses:
                kind = response.WhichOneof("event")
                if kind == "subscribed":
                    self.subscribed.set()
                elif kind == "deliveries":
                    for delivery in response.deliveries.deliveries:
                        self._deliver(delivery)
                elif kind == "settled":
                    self.rejected.extend(response.settled.rejected)
        except grpc.RpcError as failure:
            if failure.code() != grpc.StatusCode.CANCELLED:
                self.error = SwitchboardError.from_rpc(failure)
        finally:
            self._end()

    def _deliver(self, delivery):
        if self._e2e is None:
            self._put(Delivery(self, delivery))
            return
        from switchboard_e2e import E2eError
        try:
            self._put(Delivery(self, delivery, self._e2e.open_message(delivery.message)))
        except E2eError as refusal:
            self.refused.append(str(refusal))
            Delivery(self, delivery).nack()

    def close(self):
        """Ends the stream: the node returns what was not acked to the group."""
        self._requests.put(None)
        self._reader.join(timeout=30)
