"""Consumes COUNT messages with a credit, acks each, and prints what it got.

usage: /usr/bin/python3 consume.py TARGET TOPIC GROUP COUNT [CREDIT]
"""
import sys

from switchboard_client import Client


def main(target, topic, group, count, credit=32):
    client = Client(target)
    consumer = client.consumer(topic, group, credit=int(credit))
    ids = set()
    first = None
    for delivery in consumer:
        first = first or delivery.message.payload.decode()
        ids.add(delivery.message.id)
        delivery.ack()
        if len(ids) == int(count):
            break
    consumer.close()
    client.close()
    print(f"consumed {len(ids)} distinct messages; first payload {first!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
