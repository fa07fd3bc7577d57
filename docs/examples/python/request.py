"""Sends a request and prints its answer chunk by chunk; or, with a cursor, reattaches to one.

usage: /usr/bin/python3 request.py TARGET TOPIC PROMPT [REQUEST_ID] [WINDOW]
       /usr/bin/python3 request.py TARGET --reattach REQUEST_ID CURSOR
Prints "chunk SEQ TEXT" per chunk and "final SEQ TEXT" at the end (flushed as they arrive), then
"usage PROMPT COMPLETION" when the worker reported its tokens, or "SwitchboardError CODE: ..."
when the request fails (then "usage PROMPT COMPLETION" if its worker reported what it generated). WINDOW: most chunks stored ahead of this caller's reading (0: the node's).
"""
import sys

from switchboard_client import Client, SwitchboardError


def main(target, *args):
    client = Client(target)
    if args[0] == "--reattach":
        answer = client.replies(args[1], int(args[2]))
    else:
        answer = client.request(args[0], args[1].encode(), id=args[2] if len(args) > 2 else "",
                                timeout_millis=120_000, window=int(args[3]) if len(args) > 3 else 0)
    try:
        for chunk in answer:
            print(f"{'final' if chunk.last else 'chunk'} {chunk.seq} {chunk.payload.decode()}", flush=True)
            if chunk.HasField("prompt_tokens"):
                print(f"usage {chunk.prompt_tokens} {chunk.completion_tokens}", flush=True)
    except SwitchboardError as refused:
        print(f"SwitchboardError {refused}", flush=True)
        if refused.usage is not None:
            print(f"usage {refused.usage[0]} {refused.usage[1]}", flush=True)
        sys.exit(1)
    finally:
        client.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
