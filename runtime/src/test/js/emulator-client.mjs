// Drives the backend emulator with the official openai client and prints what it saw as one JSON
// line; EmulatorOpenAiClientTest runs them all at once ("all": an object keyed by scenario) and
// checks the line. Usage: node emulator-client.mjs <base-url> <model> <scenario|all>
import OpenAI from 'openai';

const [baseURL, model, scenario] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'not-checked', maxRetries: 0 });
const messages = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Tell me how a message fabric balances load across many model workers.' },
];

async function streamChat(params, options) {
  const stream = await client.chat.completions.create({ ...params, stream: true }, options);
  const seen = { text: '', roles: [], finishReasons: [], chunks: 0, usage: null, emptyChoiceChunks: 0, ids: new Set() };
  for await (const chunk of stream) {
    seen.chunks++;
    seen.ids.add(chunk.id);
    if (chunk.usage) seen.usage = chunk.usage;
    if (chunk.choices.length === 0) seen.emptyChoiceChunks++;
    for (const choice of chunk.choices) {
      if (choice.delta.role) seen.roles.push(choice.delta.role);
      if (choice.delta.content) seen.text += choice.delta.content;
      if (choice.finish_reason) seen.finishReasons.push(choice.finish_reason);
    }
  }
  return { ...seen, ids: [...seen.ids] };
}

async function errorOf(call) {
  try {
    await call();
    return { error: null };
  } catch (e) {
    return { error: e.constructor.name, status: e.status ?? null, message: e.message };
  }
}

const scenarios = {
  async 'chat'() {
    const params = { model, messages, seed: 7, max_tokens: 40 };
    const streamed = await streamChat({ ...params, stream_options: { include_usage: true } });
    const whole = await client.chat.completions.create(params);
    return { streamed, whole };
  },

  async 'chat-stop'() {
    const whole = await client.chat.completions.create({ model, messages, seed: 7, max_tokens: 40 });
    const stop = whole.choices[0].message.content.split(' ')[5];
    const stopped = await client.chat.completions.create({ model, messages, seed: 7, max_tokens: 40, stop: [stop] });
    return { stop, whole: whole.choices[0], stopped: stopped.choices[0] };
  },

  async 'continue'() {
    const whole = await client.chat.completions.create({ model, messages, seed: 3 });
    const text = whole.choices[0].message.content;
    const prefix = text.split(' ').slice(0, 4).join(' ');
    const rest = await streamChat({
      model, seed: 3, messages: [...messages, { role: 'assistant', content: prefix }],
      continue_final_message: true, add_generation_prompt: false,
    });
    return { text, prefix, rest: rest.text, roles: rest.roles };
  },

  async 'completions'() {
    const params = { model, prompt: 'The switchboard routes every message to', seed: 11, max_tokens: 12 };
    const whole = await client.completions.create(params);
    const stream = await client.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage = null;
    const finishReasons = [];
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        text += choice.text;
        if (choice.finish_reason) finishReasons.push(choice.finish_reason);
      }
    }
    return { whole, streamed: { text, usage, finishReasons } };
  },

  async 'embeddings'() {
    const base64 = await client.embeddings.create({ model, input: ['hello world', 'another text'] });
    const floats = await client.embeddings.create({ model, input: 'hello world', encoding_format: 'float' });
    const a = base64.data[0].embedding;
    const b = floats.data[0].embedding;
    return {
      object: base64.object, count: base64.data.length, dimensions: a.length, usage: base64.usage,
      sameVector: a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) < 1e-6),
      norm: Math.sqrt(a.reduce((s, x) => s + x * x, 0)),
      differs: base64.data[1].embedding.some((x, i) => x !== a[i]),
    };
  },

  async 'models'() {
    const page = await client.models.list();
    return { ids: page.data.map((m) => m.id), owners: page.data.map((m) => m.owned_by) };
  },

  async 'unknown-model'() {
    return errorOf(() => client.chat.completions.create({ model: 'no-such-model', messages }));
  },

  async 'bad-request'() {
    return errorOf(() => client.chat.completions.create({ model }));
  },

  async 'die'() {
    const seen = { text: '' };
    const outcome = await errorOf(async () => {
      const stream = await client.chat.completions.create(
        { model, messages, stream: true, max_tokens: 40 }, { headers: { 'x-emulator-fault': 'die-after=3' } });
      for await (const chunk of stream) {
        for (const choice of chunk.choices) seen.text += choice.delta.content ?? '';
      }
    });
    return { ...outcome, text: seen.text };
  },

  async 'status-503'() {
    let calls = 0;
    const counting = new OpenAI({
      baseURL, apiKey: 'not-checked', maxRetries: 2,
      fetch: (url, init) => { calls++; return fetch(url, init); },
    });
    const outcome = await errorOf(() => counting.chat.completions.create(
      { model, messages }, { headers: { 'x-emulator-fault': 'status=503' } }));
    return { ...outcome, calls };
  },

  async 'prefix-cache'() {
    const user = 'prefix-cache-test';
    const first = await client.chat.completions.create({ model, messages, user, seed: 5, max_tokens: 24 }).withResponse();
    const reply = first.data.choices[0].message;
    const second = await client.chat.completions.create({
      model, user, seed: 5, max_tokens: 24,
      messages: [...messages, { role: 'assistant', content: reply.content }, { role: 'user', content: 'And why?' }],
    }).withResponse();
    const turn = (r) => ({
      usage: r.data.usage,
      firstTokenMs: Number(r.response.headers.get('x-emulator-time-to-first-token-ms')),
    });
    return { first: turn(first), second: turn(second) };
  },
};

async function all() {
  const seen = {};
  for (const [name, run] of Object.entries(scenarios)) seen[name] = await run();
  return seen;
}

const run = scenario === 'all' ? all : scenarios[scenario];
if (!run) {
  console.error(`unknown scenario ${scenario}; one of ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
console.log(JSON.stringify(await run()));
