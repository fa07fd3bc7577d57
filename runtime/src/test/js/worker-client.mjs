// Calls a gateway pool served by a client worker (docs/examples/python/openai_worker.py) with the
// official openai client and prints what it saw as one JSON line; GatewayPythonWorkerTest checks it.
// Usage: node worker-client.mjs <base-url> <model>
import OpenAI from 'openai';

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'none', maxRetries: 0 });
const messages = [{ role: 'user', content: 'route this call to a python worker please' }];

const stream = await client.chat.completions.create({
  model, messages, stream: true, stream_options: { include_usage: true } });
const streamed = { text: '', roles: [], finishReasons: [], ids: new Set(), usage: null };
for await (const chunk of stream) {
  streamed.ids.add(chunk.id);
  if (chunk.usage) streamed.usage = chunk.usage;
  for (const choice of chunk.choices) {
    if (choice.delta.role) streamed.roles.push(choice.delta.role);
    if (choice.delta.content) streamed.text += choice.delta.content;
    if (choice.finish_reason) streamed.finishReasons.push(choice.finish_reason);
  }
}
const whole = await client.chat.completions.create({ model, messages, max_tokens: 4 });
const embeddings = await client.embeddings.create({ model, input: ['one', 'two words'] });
console.log(JSON.stringify({
  streamed: { ...streamed, ids: [...streamed.ids] },
  whole: { text: whole.choices[0].message.content, finish: whole.choices[0].finish_reason, usage: whole.usage,
    id: whole.id },
  embeddings: embeddings.data.length,
}));
