"""An inference worker's loop: take a request, "run the model", publish the reply, then ack.

The ack comes only after the reply is confirmed: if the worker dies in between, the request is
delivered again (attempt 2) and the reply may be published twice; the reply's idempotency key
(the request's id) lets the node drop that duplicate.

usage: /usr/bin/python3 worker.py TARGET REQUEST_TOPIC GROUP REPLY_TOPIC COUNT [CREDIT]
"""
import sys
import time

from switchboard_client import Client


def run_model(prompt):
    return prompt.split(b".")[0].upper()


def main(target, requests, group, replies, count, credit=8):
    client = Client(target)
    consumer = client.consumer(requests, group, credit=int(credit), consumer_id="python-worker")
    publisher = client.publisher(window=int(credit))
    handled = 0
    started = time.monotonic()
    for delivery in consumer:
        request = delivery.message
        reply = publisher.publish(replies, run_model(request.payload), key=request.key, type="job.reply",
                                  headers={"correlation-id": request.id}, idempotency_key=request.id)
        reply.result(timeout=60)
        delivery.ack()
        handled += 1
        if handled == int(count):
            break
    elapsed = time.monotonic() - started
    publisher.close()
    consumer.close()
    client.close()
    print(f"worker handled {handled} requests in {elapsed:.2f} s ({handled / elapsed:.0f} requests/s)")


if __name__ == "__main__":
    main(*sys.argv[1:])
