"""CPU this client spends per message on end-to-end encryption in one thread: seal before publish,
open on delivery, with each compression, on the chat-like payload Java's EndToEndBenchmark uses.

usage: /usr/bin/python3 e2e_bench.py [BYTES=1024] [SECONDS=3]
"""
import base64
import os
import sys
import time

from switchboard_e2e import EndToEnd, KeyRing

WORDS = ["the", "model", "answer", "question", "please", "summarise", "patient", "record",
         "invoice", "customer", "address", "account", "number", "meeting", "tomorrow", "with",
         "about", "policy", "claim", "travel", "refund", "order", "delivery", "and", "of", "to",
         "a", "in", "is", "for", "my", "your", "was", "not", "it", "on"]


def chat(size):
    """A chat request of exactly `size` bytes of words drawn by a 64-bit LCG from seed 42 (as in Java)."""
    text, state = '{"messages":[{"role":"user","content":"', 42
    while len(text) < size:
        state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        text += WORDS[(state >> 33) % len(WORDS)] + " "
    return text[:size].encode("ascii")


def main(size=1024, seconds=3):
    import switchboard_client  # noqa: F401  (the stubs: pb.Message)
    from switchboard_client import pb
    keys = KeyRing.parse("k1 " + base64.b64encode(os.urandom(32)).decode(), "BENCH_KEYS")
    payload = chat(int(size))
    for prefix in ("warm-up ", ""):
        for compression in ("none", "lz4", "zstd"):
            e2e = EndToEnd(keys, compression=compression, compress_above=1023)
            seal = opened = count = 0
            end = time.monotonic() + int(seconds)
            while time.monotonic() < end:
                message = pb.Message(id="m-1", topic="chat", payload=payload)
                start = time.thread_time_ns()
                e2e.seal_message(message)
                middle = time.thread_time_ns()
                back = e2e.open_message(message)
                opened += time.thread_time_ns() - middle
                seal += middle - start
                count += 1
                assert back.payload == payload
            print(f"e2e {prefix + compression + ' + AES-GCM':<24} {count:>8,} messages of {len(payload):,} bytes: "
                  f"seal {seal / 1000 / count:6.2f} us, open {opened / 1000 / count:6.2f} us CPU; "
                  f"sent {len(message.payload):,} bytes", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
