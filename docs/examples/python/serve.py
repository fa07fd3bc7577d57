"""A worker that answers each request with TOKENS chunks "token-N", then the final reply "done"
with its token usage (prompt: the words of the request, completion: TOKENS). A request whose
prompt starts with "fail" is failed instead after its chunks, with the same usage.

usage: /usr/bin/python3 serve.py TARGET TOPIC GROUP TOKENS [DELAY_MS] [REQUESTS] [CREDIT] [TOKEN_BUDGET]
CREDIT requests may wait here at once (1), and no more than TOKEN_BUDGET estimated tokens of them
(their switchboard-cost headers; 0: no budget), as a GPU worker grants its KV-cache size.
A request given again after another worker died continues after what was already streamed.
Stops after REQUESTS requests (0: never). Prints what it does, flushed, for tests to follow.
"""
import sys
import time

from switchboard_client import Client, SwitchboardError


def main(target, topic, group, tokens, delay_ms=0, requests=0, credit=1, token_budget=0):
    client = Client(target)
    server = client.server(topic, group, credit=int(credit), token_budget=int(token_budget))
    handled = 0
    for request in server:
        print(f"request {request.request_id} attempt {request.attempt} streamed {len(request.streamed)}", flush=True)
        try:
            for n in range(len(request.streamed) + 1, int(tokens) + 1):
                if request.cancelled.is_set():
                    break
                request.reply(f"token-{n}".encode())
                print(f"sent {request.request_id} {n}", flush=True)
                time.sleep(int(delay_ms) / 1000)
            else:
                prompt = len(request.message.payload.split())
                if request.message.payload.startswith(b"fail"):
                    request.fail("asked to fail", prompt_tokens=prompt, completion_tokens=int(tokens))
                    print(f"failed {request.request_id}", flush=True)
                else:
                    request.complete(b"done", prompt_tokens=prompt, completion_tokens=int(tokens))
                    print(f"completed {request.request_id}", flush=True)
        except SwitchboardError as refused:
            print(f"stopped {request.request_id}: {refused}", flush=True)
        handled += 1
        if handled == int(requests):
            break
    server.close()
    client.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
