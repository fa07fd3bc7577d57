"""Publishes COUNT messages with a window of unconfirmed ones, and prints the rate.

usage: /usr/bin/python3 publish.py TARGET TOPIC COUNT [WINDOW] [SIZE]
"""
import sys
import time

from switchboard_client import Client


def main(target, topic, count, window=100, size=1024):
    client = Client(target)
    publisher = client.publisher(window=int(window))
    started = time.monotonic()
    pending = [publisher.publish(topic, f"request-{i}".encode().ljust(int(size), b"."), key=f"k{i}", type="job")
               for i in range(int(count))]
    confirmed = 0
    for i, p in enumerate(pending):
        try:
            confirmed += p.result(timeout=60) is not None
        except TimeoutError:
            done = sum(1 for q in pending if q.done())
            sys.exit(f"message {i}: no confirm within 60 s ({confirmed} confirmed, {done} of {count} answered)")
    elapsed = time.monotonic() - started
    publisher.close()
    client.close()
    print(f"published {count} confirmed {confirmed} in {elapsed:.2f} s ({confirmed / elapsed:.0f} msgs/s, window {window})")


if __name__ == "__main__":
    main(*sys.argv[1:])
