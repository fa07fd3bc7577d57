"""A worker that serves a gateway model pool (external-workers = on) as an OpenAI backend would.

usage: /usr/bin/python3 openai_worker.py TARGET MODEL [REQUESTS] [TOKEN_DELAY_MS]
It serves the pool's topic gateway.MODEL in the group gateway-connectors (docs/gateway.md,
"Client workers"): each call's payload is the caller's OpenAI body; it replies one
chat.completion.chunk (or text_completion) event per reply chunk and completes with the usage
event; embeddings complete with the whole answer. The answer echoes the last user message, word
by word, cut at max_tokens. A call given again after another worker died continues after what
was already streamed. Stops after REQUESTS calls (0: never). Prints what it does, flushed.
"""
import json
import sys
import time

from switchboard_client import Client, SwitchboardError

GROUP = "gateway-connectors"


def words_of(body, chat):
    if chat:
        users = [m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"]
        prompt = users[-1] if users else ""
    else:
        prompt = body.get("prompt", "")
    if isinstance(prompt, list):  # text parts, or several prompts: their text joined
        prompt = " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in prompt)
    words = ["You", "said:"] + str(prompt).split()
    limit = body.get("max_completion_tokens") or body.get("max_tokens") or len(words)
    return words[:int(limit)], len(str(prompt).split()), len(words) > int(limit)


def event(chat, request_id, model, created, content=None, role=False, finish=None):
    if chat:
        delta = {"role": "assistant", "content": ""} if role else {"content": content}
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return {"id": "chatcmpl-" + request_id, "object": "chat.completion.chunk", "created": created,
                "model": model, "choices": [choice]}
    choice = {"index": 0, "text": content, "logprobs": None, "finish_reason": finish}
    return {"id": "cmpl-" + request_id, "object": "text_completion", "created": created, "model": model,
            "choices": [choice]}


def generate(request, body, chat, model, delay_ms):
    created = int(time.time())
    words, prompt_tokens, cut = words_of(body, chat)
    events = ([event(chat, request.request_id, model, created, role=True)] if chat else []) + [
        event(chat, request.request_id, model, created, (" " if i else "") + w,
              finish=("length" if cut else "stop") if i == len(words) - 1 else None)
        for i, w in enumerate(words)]
    # a redelivered call: the caller has the first len(streamed) events (one per chunk here)
    for e in events[len(request.streamed):]:
        if request.cancelled.is_set():
            return False
        request.reply(json.dumps(e, separators=(",", ":")).encode())
        time.sleep(delay_ms / 1000)
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": len(words),
             "total_tokens": prompt_tokens + len(words)}
    final = {"id": events[0]["id"], "object": events[0]["object"], "created": created, "model": model,
             "choices": [], "usage": usage}
    # the tokens beside the final reply too: the node counts them (switchboard_requests_tokens_total)
    request.complete(json.dumps(final, separators=(",", ":")).encode(),
                     prompt_tokens=prompt_tokens, completion_tokens=len(words))
    return True


def embed(request, body, model):
    inputs = body.get("input")
    inputs = inputs if isinstance(inputs, list) else [inputs]
    data = [{"index": i, "object": "embedding", "embedding": [float(len(str(text))), 1.0, 0.0]}
            for i, text in enumerate(inputs)]
    tokens = sum(len(str(text).split()) for text in inputs)
    answer = {"object": "list", "data": data, "model": model,
              "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}
    request.complete(json.dumps(answer).encode(), prompt_tokens=tokens, completion_tokens=0)
    return True


def main(target, model, requests=0, delay_ms=0):
    client = Client(target)
    topic = "gateway." + "".join(c if c.isalnum() or c in "._-" else "-" for c in model)
    server = client.server(topic, GROUP, credit=4)
    print(f"serving {model} on {topic}", flush=True)
    handled = 0
    for request in server:
        kind = request.message.type
        try:
            body = json.loads(request.message.payload)
            if kind == "openai.embeddings":
                done = embed(request, body, model)
            elif kind in ("openai.chat.completions", "openai.completions"):
                done = generate(request, body, kind == "openai.chat.completions", model, int(delay_ms))
            else:
                request.fail(f"not an OpenAI call: type '{kind}'")
                done = False
            print(f"{'answered' if done else 'stopped'} {kind} {request.request_id}", flush=True)
        except SwitchboardError as refused:  # cancelled: the caller went away
            print(f"stopped {request.request_id}: {refused}", flush=True)
        handled += 1
        if handled == int(requests):
            break
    server.close()
    client.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
