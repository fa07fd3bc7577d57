// Calls two gateway pools with the official openai client and prints, as one JSON line, the usage
// each answer carried: a pool served by a Java worker that reports its tokens with
// complete(last, Usage) only, and a pool of an emulated backend. GatewayUsageTest checks it.
// Usage: node usage-client.mjs <base-url> <worker-model> <backend-model>
import OpenAI from 'openai';

const [baseURL, workerModel, backendModel] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'none', maxRetries: 0 });
const messages = [{ role: 'user', content: 'count my tokens please' }];

async function streamed(model, stream_options) {
  const stream = await client.chat.completions.create({ model, messages, max_tokens: 6, seed: 3, stream: true, stream_options });
  const seen = { text: '', ids: new Set(), usageChunks: [] };
  for await (const chunk of stream) {
    seen.ids.add(chunk.id);
    if (chunk.usage) seen.usageChunks.push(chunk);
    for (const choice of chunk.choices) seen.text += choice.delta.content ?? '';
  }
  return { ...seen, ids: [...seen.ids] };
}

async function completion(model) {
  const stream = await client.completions.create({ model, prompt: 'count these', max_tokens: 4, stream: true, stream_options: { include_usage: true } });
  let usage = null;
  for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
  return usage;
}

const result = {};
for (const [name, model] of [['worker', workerModel], ['backend', backendModel]]) {
  const whole = await client.chat.completions.create({ model, messages, max_tokens: 6, seed: 3 });
  const embeddings = await client.embeddings.create({ model, input: ['one', 'two words'] });
  result[name] = {
    streamed: await streamed(model, { include_usage: true }),
    withoutUsage: await streamed(model, undefined),
    whole: { id: whole.id, text: whole.choices[0].message.content, usage: whole.usage },
    completion: await completion(model),
    embeddings: embeddings.usage,
  };
}
console.log(JSON.stringify(result));
