// Streams several chat completions through one node of a cluster with the official openai client
// while the test kills a node, then prints what each stream saw as one JSON line.
// GatewayNodeKillIT starts the nodes and the emulator, waits for the line "streaming" (every
// stream has its first chunks), kills a node and checks the JSON.
// Usage: node node-kill-client.mjs <entry-base> <other-base> <emulator-base> <model> <backend-model>
//   <streams> <max-tokens>
// A stream that fails is read again from <other-base>'s request API (GET /v1/requests/{id}/replies,
// the id after "chatcmpl-", from the start): what a caller whose node died can do.
import OpenAI from 'openai';

const [entryBase, otherBase, emulatorBase, model, backendModel, streams, maxTokens] = process.argv.slice(2);
const gateway = new OpenAI({ baseURL: entryBase, apiKey: 'none', maxRetries: 0, timeout: 300_000 });
const emulator = new OpenAI({ baseURL: emulatorBase, apiKey: 'none', maxRetries: 0 });
const FIRST_CHUNKS = 3;

const params = (i) => ({
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: `Conversation ${i}: how does a message fabric survive a node failure?` },
  ],
  seed: 100 + i,
  max_tokens: Number(maxTokens),
});

let started = 0;
let announced = false;
function firstChunksIn() {
  started++;
  if (!announced && started === Number(streams)) {
    announced = true;
    console.log('streaming');
  }
}

async function streamOne(i) {
  const seen = { text: '', roles: [], finishReasons: [], ids: [], chunks: 0, usage: null, error: null,
    longestGapMs: 0 };
  let last = null;
  try {
    const stream = await gateway.chat.completions.create(
      { ...params(i), model, stream: true, stream_options: { include_usage: true } },
      { headers: { 'x-switchboard-conversation': `conversation-${i}` } });
    for await (const chunk of stream) {
      const now = performance.now();
      if (last !== null) seen.longestGapMs = Math.max(seen.longestGapMs, Math.round(now - last));
      last = now;
      if (++seen.chunks === FIRST_CHUNKS) firstChunksIn();
      if (!seen.ids.includes(chunk.id)) seen.ids.push(chunk.id);
      if (chunk.usage) seen.usage = chunk.usage;
      for (const choice of chunk.choices) {
        if (choice.delta.role) seen.roles.push(choice.delta.role);
        if (choice.delta.content) seen.text += choice.delta.content;
        if (choice.finish_reason) seen.finishReasons.push(choice.finish_reason);
      }
    }
  } catch (e) {
    seen.error = { name: e.constructor.name, message: String(e.message), status: e.status ?? null,
      cause: e.cause ? String(e.cause.message ?? e.cause) : null };
    if (seen.chunks < FIRST_CHUNKS) firstChunksIn(); // the kill came first: do not hold the test
    if (seen.ids.length === 1) seen.resumed = await reattach(seen.ids[0].replace(/^chatcmpl-/, ''));
  }
  return seen;
}

// Reads the whole answer of a request from the start over the node's own API; a node whose
// answer is not there yet (the request's reply stream moving off the dead node) is asked again.
async function reattach(requestId) {
  const attempts = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const response = await fetch(`${otherBase}/requests/${requestId}/replies`);
      if (response.status !== 200) {
        attempts.push(`${response.status} ${(await response.text()).slice(0, 120)}`);
      } else {
        const answer = readEvents(await response.text());
        if (answer.ended) return { ...answer, attempts };
        attempts.push(`ended without a final reply: ${answer.error ?? 'no error event'}`);
      }
    } catch (e) {
      attempts.push(String(e.message));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  return { text: null, attempts };
}

// The request API's Server-Sent Events: chunk events carry the relayed OpenAI events (joined by
// newlines) as text; the final event ends the answer.
function readEvents(body) {
  const answer = { text: '', roles: 0, finishReasons: 0, ended: false, error: null };
  for (const block of body.split('\n\n')) {
    const event = /^event: (\w+)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (!event || !data) continue;
    if (event === 'error') answer.error = data;
    if (event === 'final') answer.ended = true;
    if (event !== 'chunk') continue;
    for (const line of (JSON.parse(data).text ?? '').split('\n')) {
      for (const choice of JSON.parse(line).choices ?? []) {
        if (choice.delta?.role) answer.roles++;
        if (choice.delta?.content) answer.text += choice.delta.content;
        if (choice.finish_reason) answer.finishReasons++;
      }
    }
  }
  return answer;
}

const seen = await Promise.all([...Array(Number(streams)).keys()].map(streamOne));
// what the emulator generates for the same call, asked directly once the streams are over
const references = [];
for (let i = 0; i < Number(streams); i++) {
  const whole = await emulator.chat.completions.create({ ...params(i), model: backendModel });
  references.push({ text: whole.choices[0].message.content, usage: whole.usage });
}
console.log(JSON.stringify({ streams: seen, references }));
