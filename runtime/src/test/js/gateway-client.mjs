// Drives a Switchboard node's OpenAI gateway with the official openai client and prints what it
// saw as one JSON line (an object keyed by scenario); GatewayOpenAiClientTest starts the node and
// the emulators behind it and checks the line.
// Usage: node gateway-client.mjs <base-url> <api-key> <model> <flaky-model> <regenerate-model> <dead-model>
//   <slow-model> <refusing-model> <limited-api-key>
import OpenAI from 'openai';

const [baseURL, apiKey, model, flakyModel, regenerateModel, deadModel, slowModel, refusingModel, limitedKey] =
  process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const messages = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Tell me how a message fabric balances load across many model workers.' },
];

async function streamChat(params, options) {
  const stream = await client.chat.completions.create({ ...params, stream: true }, options);
  const seen = { text: '', roles: [], finishReasons: [], chunks: 0, usage: null, ids: new Set(), models: new Set() };
  for await (const chunk of stream) {
    seen.chunks++;
    seen.ids.add(chunk.id);
    seen.models.add(chunk.model);
    if (chunk.usage) seen.usage = chunk.usage;
    for (const choice of chunk.choices) {
      if (choice.delta.role) seen.roles.push(choice.delta.role);
      if (choice.delta.content) seen.text += choice.delta.content;
      if (choice.finish_reason) seen.finishReasons.push(choice.finish_reason);
    }
  }
  return { ...seen, ids: [...seen.ids], models: [...seen.models] };
}

async function errorOf(call) {
  try {
    await call();
    return { error: null };
  } catch (e) {
    return { error: e.constructor.name, status: e.status ?? null, message: e.message, code: e.code ?? null,
      type: e.type ?? null };
  }
}

const scenarios = {
  async 'chat'() {
    const params = { model, messages, seed: 7, max_tokens: 40 };
    const streamed = await streamChat({ ...params, stream_options: { include_usage: true } });
    const whole = await client.chat.completions.create(params);
    const noUsage = await streamChat(params);
    return { streamed, whole, noUsage };
  },

  async 'completions'() {
    const params = { model, prompt: 'The switchboard routes every message to', seed: 11, max_tokens: 12 };
    const whole = await client.completions.create(params);
    const stream = await client.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage = null;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) text += choice.text;
    }
    return { whole, streamed: { text, usage } };
  },

  async 'embeddings'() {
    const answer = await client.embeddings.create({ model, input: ['hello world', 'another text'] });
    return { object: answer.object, model: answer.model, count: answer.data.length,
      dimensions: answer.data[0].embedding.length, usage: answer.usage };
  },

  async 'models'() {
    const page = await client.models.list();
    return { ids: page.data.map((m) => m.id) };
  },

  async 'unknown-model'() {
    return errorOf(() => client.chat.completions.create({ model: 'no-such-model', messages }));
  },

  async 'bad-request'() {
    return errorOf(() => client.chat.completions.create({ model }));
  },

  async 'bad-key'() {
    const stranger = new OpenAI({ baseURL, apiKey: 'sb.nobody.not-a-secret', maxRetries: 0 });
    return errorOf(() => stranger.chat.completions.create({ model, messages }));
  },

  async 'abort'() {
    const controller = new AbortController();
    let chunks = 0;
    const outcome = await errorOf(async () => {
      const stream = await client.chat.completions.create(
        { model: slowModel, messages, seed: 21, stream: true, max_tokens: 400 }, { signal: controller.signal });
      for await (const chunk of stream) {
        if (++chunks === 3) controller.abort();
      }
    });
    return { ...outcome, chunks };
  },

  async 'failover'() {
    // the flaky pool's first backend dies after 5 tokens of every stream: each call it takes moves on
    const runs = [];
    for (const seed of [31, 32, 33, 34]) {
      const params = { messages, seed, max_tokens: 30, stream_options: { include_usage: true } };
      const reference = await streamChat({ ...params, model });
      const survived = await streamChat({ ...params, model: flakyModel });
      runs.push({ reference, survived });
    }
    return { runs };
  },

  async 'regenerate'() {
    const runs = [];
    for (const seed of [41, 42, 43, 44]) {
      const params = { messages, seed, max_tokens: 30 };
      const reference = await streamChat({ ...params, model });
      const survived = await streamChat({ ...params, model: regenerateModel });
      runs.push({ reference: reference.text, survived: survived.text, roles: survived.roles });
    }
    return { runs };
  },

  async 'backend-503'() {
    // the refusing pool's first backend answers 503 to everything: each call it takes goes to the other
    const runs = [];
    for (const seed of [51, 52, 53, 54]) {
      const params = { messages, seed, max_tokens: 12 };
      const reference = await client.chat.completions.create({ ...params, model });
      const survived = await client.chat.completions.create({ ...params, model: refusingModel });
      runs.push({ reference: reference.choices[0].message.content, survived: survived.choices[0].message.content });
    }
    return { runs };
  },

  async 'backend-400'() {
    return errorOf(() => client.chat.completions.create({ model, messages, max_tokens: 0 }));
  },

  async 'deadline'() {
    return errorOf(() => client.chat.completions.create({ model: deadModel, messages },
      { headers: { 'x-switchboard-timeout-ms': '1500' } }));
  },

  async 'no-backend'() {
    return errorOf(() => client.chat.completions.create({ model: deadModel, messages }));
  },

  // the limited key's tenant may make one call a minute: the second is the client's RateLimitError
  async 'rate-limit'() {
    const limited = new OpenAI({ baseURL, apiKey: limitedKey, maxRetries: 0 });
    const first = await limited.embeddings.create({ model, input: 'first' });
    let second = null;
    try {
      await limited.embeddings.create({ model, input: 'second' });
    } catch (e) {
      const headers = e.headers ?? {};
      second = { error: e.constructor.name, status: e.status ?? null, code: e.code ?? null,
        retryAfter: typeof headers.get === 'function' ? headers.get('retry-after') : headers['retry-after'] ?? null };
    }
    return { first: first.data.length, second };
  },
};

const names = Object.keys(scenarios);
const out = {};
for (const name of names) {
  try {
    out[name] = await scenarios[name]();
  } catch (e) {
    out[name] = { crashed: String(e), stack: e.stack };
  }
}
console.log(JSON.stringify(out));
