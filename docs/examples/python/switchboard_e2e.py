"""End-to-end payload encryption: the same bytes as the Java client's switchboard.client.e2e.

A payload of a covered topic is compressed (lz4 or zstd, when larger than compress_above and
smaller for it) and encrypted with AES-GCM before it leaves the client, and opened on delivery:
the node only ever holds the sealed form. Sealed bytes:

    version (1) | flags (1 = lz4, 2 = AES-GCM, 4 = zstd) | key id length | key id | nonce (12) |
    ciphertext with its 16-byte tag

A compressed body is its original length (4 bytes, big endian) then the lz4 block or zstd frame.
The header bytes before the ciphertext and a binding are authenticated: "e2e message\\n<id>" for a
message (so every sealed message carries an id), "e2e reply\\n<request id>" for a reply chunk. The
message header e2e-key names the key.

Keys: one "<key-id> <base64 of a 16, 24 or 32-byte AES key>" a line ('#' comments), from a file
($SWITCHBOARD_E2E_KEY_FILE) or the variable $SWITCHBOARD_E2E_KEYS (lines separated by newlines or
';'); the last key encrypts, every key decrypts. Needs Debian's python3-cryptography, and
python3-lz4 / python3-zstandard for the compressions.
"""
import base64
import os
import re
import struct
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_HEADER = "e2e-key"
KEY_VARIABLE = "SWITCHBOARD_E2E_KEYS"
_VERSION = 1
_LZ4, _ENCRYPTED, _ZSTD = 1, 2, 4
_NONCE = 12
_MAX_OPENED = 256 << 20  # as the Java side: a larger claimed length is garbage, not an allocation


class E2eError(ValueError):
    """A payload that cannot be sealed or opened, or keys that cannot be used."""


class KeyRing:
    """AES keys by id; the last one read encrypts."""

    def __init__(self, keys, active):
        self.keys = keys
        self.active = active

    @staticmethod
    def parse(text, source):
        keys, active = {}, None
        for number, line in enumerate(re.split(r"[\n;]", text), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            if len(fields) != 2 or not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", fields[0]):
                raise E2eError(f"{source}, line {number}: expected '<key-id> <base64 key>'")
            try:
                key = base64.b64decode(fields[1], validate=True)
            except ValueError:
                raise E2eError(f"{source}, line {number}: the key is not base64") from None
            if len(key) not in (16, 24, 32):
                raise E2eError(f"{source}, line {number}: an AES key is 16, 24 or 32 bytes, got {len(key)}")
            if fields[0] in keys:
                raise E2eError(f"{source}, line {number}: key id '{fields[0]}' appears twice")
            keys[fields[0]] = AESGCM(key)
            active = fields[0]
        if active is None:
            raise E2eError(f"{source} holds no key")
        return KeyRing(keys, active)

    @staticmethod
    def read(path):
        with open(path, encoding="utf-8") as file:
            return KeyRing.parse(file.read(), f"the end-to-end key file {path}")


class EndToEnd:
    """Seals what this client sends to the covered topics and opens what it receives."""

    def __init__(self, keys, topics=("*",), compression="lz4", compress_above=1024):
        if compression not in ("none", "lz4", "zstd"):
            raise E2eError(f"compression must be none, lz4 or zstd, got {compression!r}")
        self.keys = keys
        self.topics = [re.compile(".*".join(re.escape(part) for part in p.split("*"))) for p in topics]
        self.compression = compression
        self.compress_above = compress_above

    @staticmethod
    def from_environment(environ=os.environ):
        """The settings of $SWITCHBOARD_E2E=on: keys from $SWITCHBOARD_E2E_KEY_FILE or $SWITCHBOARD_E2E_KEYS,
        $SWITCHBOARD_E2E_TOPICS (comma-separated patterns, default *), $SWITCHBOARD_E2E_COMPRESSION
        (default lz4); None when $SWITCHBOARD_E2E is not on."""
        if environ.get("SWITCHBOARD_E2E", "").lower() not in ("on", "true", "yes", "1"):
            return None
        key_file, variable = environ.get("SWITCHBOARD_E2E_KEY_FILE"), environ.get(KEY_VARIABLE, "").strip()
        if key_file and variable:
            raise E2eError(f"the end-to-end keys come from SWITCHBOARD_E2E_KEY_FILE and {KEY_VARIABLE}: set one of them")
        if key_file:
            keys = KeyRing.read(key_file)
        elif variable:
            keys = KeyRing.parse(variable, f"the environment variable {KEY_VARIABLE}")
        else:
            raise E2eError(f"SWITCHBOARD_E2E is on but there is no key: set SWITCHBOARD_E2E_KEY_FILE or {KEY_VARIABLE}")
        topics = [t.strip() for t in environ.get("SWITCHBOARD_E2E_TOPICS", "*").split(",") if t.strip()]
        return EndToEnd(keys, topics, environ.get("SWITCHBOARD_E2E_COMPRESSION", "lz4"))

    def covers(self, topic):
        return any(pattern.fullmatch(topic) for pattern in self.topics)

    def seal_message(self, message):
        """Seals a pb.Message of a covered topic in place (giving it an id if it has none)."""
        if not self.covers(message.topic):
            return message
        if not message.id:
            message.id = str(uuid.uuid4())
        message.headers[KEY_HEADER] = self.keys.active
        message.payload = self._seal(message.payload, _message_binding(message.id))
        return message

    def open_message(self, message):
        """Returns a copy of a delivered pb.Message with its payload opened; raises E2eError."""
        key_id = message.headers.get(KEY_HEADER)
        if key_id is None:
            if self.covers(message.topic):
                raise E2eError(f"message {message.id} of {message.topic} arrived without end-to-end "
                               f"encryption (no {KEY_HEADER} header) on a covered topic")
            return message
        opened = type(message)()
        opened.CopyFrom(message)
        del opened.headers[KEY_HEADER]
        opened.payload = self._open(message.payload, _message_binding(message.id),
                                    f"message {message.id} of {message.topic}")
        return opened

    def seal_reply(self, request_id, payload):
        return self._seal(payload, _reply_binding(request_id))

    def open_reply(self, request_id, payload, what="a reply"):
        return self._open(payload, _reply_binding(request_id), f"{what} of request {request_id}")

    def _seal(self, payload, binding):
        body, flags = bytes(payload), _ENCRYPTED
        if self.compression != "none" and len(body) > self.compress_above:
            packed = struct.pack(">I", len(body)) + _compress(self.compression, body)
            if len(packed) < len(body):
                body, flags = packed, flags | (_ZSTD if self.compression == "zstd" else _LZ4)
        key_id = self.keys.active.encode("ascii")
        nonce = os.urandom(_NONCE)
        header = bytes([_VERSION, flags, len(key_id)]) + key_id + nonce
        return header + self.keys.keys[self.keys.active].encrypt(nonce, body, header + binding)

    def _open(self, sealed, binding, what):
        sealed = bytes(sealed)
        if len(sealed) < 3 or sealed[0] != _VERSION:
            raise E2eError(f"{what}: a payload sealed in an unknown version")
        flags, id_length = sealed[1], sealed[2]
        if not flags & _ENCRYPTED:
            raise E2eError(f"{what} is not encrypted")
        start = 3 + id_length + _NONCE
        if len(sealed) < start:
            raise E2eError(f"{what}: a sealed payload cut short")
        key_id = sealed[3:3 + id_length].decode("ascii", "replace")
        key = self.keys.keys.get(key_id)
        if key is None:
            raise E2eError(f"{what} is encrypted under key '{key_id}', which is not among the end-to-end keys")
        try:
            body = key.decrypt(sealed[start - _NONCE:start], sealed[start:], sealed[:start] + binding)
        except InvalidTag:
            raise E2eError(f"{what} does not open under key '{key_id}': its payload was altered") from None
        if flags & _ZSTD:
            return _decompress("zstd", body)
        if flags & _LZ4:
            return _decompress("lz4", body)
        return body


def _message_binding(message_id):
    return ("e2e message\n" + message_id).encode("utf-8")


def _reply_binding(request_id):
    return ("e2e reply\n" + request_id).encode("utf-8")


def _compress(kind, body):
    if kind == "zstd":
        import zstandard
        return zstandard.ZstdCompressor(level=3).compress(body)
    import lz4.block
    return lz4.block.compress(body, store_size=False)


def _decompress(kind, body):
    if len(body) < 4:
        raise E2eError("a compressed payload cut short")
    (length,) = struct.unpack(">I", body[:4])
    if length > _MAX_OPENED:
        raise E2eError(f"a compressed payload claims {length} bytes")
    try:
        if kind == "zstd":
            import zstandard
            opened = zstandard.ZstdDecompressor().decompress(body[4:], max_output_size=length)
        else:
            import lz4.block
            opened = lz4.block.decompress(body[4:], uncompressed_size=length)
    except ImportError:
        raise
    except Exception as failure:  # each library has its own error type
        raise E2eError(f"a {kind} payload that does not decompress: {failure}") from None
    if len(opened) != length:
        raise E2eError("a compressed payload shorter than it claims")
    return opened
