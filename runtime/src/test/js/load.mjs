// Load on an OpenAI-compatible server with the official client: conversations of several turns,
// streamed, each turn sent after the last one's reply; prints time to first token and between
// tokens as the client saw them, beside the emulator's own plan (x-emulator-time-to-first-token-ms).
// Usage: node load.mjs <base-url> <model> [conversations=32] [turns=3] [max_tokens=32]
import OpenAI from 'openai';

const [baseURL, model, conversations = '32', turns = '3', maxTokens = '32'] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'not-checked', maxRetries: 0 });
const firstToken = { client: [], planned: [] };
const gaps = [];
let tokens = 0;
let cached = 0;
let prompt = 0;

// a failed turn ends its conversation and is counted by its message, not the whole run: at
// hundreds of streams on a loaded machine some may time out, and the others still measure
const errors = {};

async function conversation(c) {
  try {
    await talk(c);
  } catch (e) {
    const what = `${e.status ?? ''} ${e.code ?? e.name}: ${String(e.message).slice(0, 80)}`.trim();
    errors[what] = (errors[what] ?? 0) + 1;
  }
}

async function talk(c) {
  const messages = [{ role: 'user', content: `conversation ${c}: explain how a fabric routes messages to model workers` }];
  for (let t = 0; t < Number(turns); t++) {
    const sent = performance.now();
    const { data: stream, response } = await client.chat.completions.create({
      model, messages, seed: c, max_tokens: Number(maxTokens), user: `user-${c}`, stream: true,
      stream_options: { include_usage: true },
    }).withResponse();
    firstToken.planned.push(Number(response.headers.get('x-emulator-time-to-first-token-ms')));
    let text = '';
    let last = null;
    for await (const chunk of stream) {
      const now = performance.now();
      if (chunk.usage) {
        tokens += chunk.usage.completion_tokens;
        prompt += chunk.usage.prompt_tokens;
        cached += chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
      }
      for (const choice of chunk.choices) {
        if (choice.delta.content === undefined || choice.delta.role) continue;
        if (last === null) firstToken.client.push(now - sent); else gaps.push(now - last);
        last = now;
        text += choice.delta.content;
      }
    }
    messages.push({ role: 'assistant', content: text }, { role: 'user', content: `and then what, turn ${t}` });
  }
}

const quantile = (values, q) => {
  if (values.length === 0) return 'NaN';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
};
const started = performance.now();
await Promise.all([...Array(Number(conversations)).keys()].map(conversation));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  conversations: Number(conversations), turns: Number(turns), seconds: Number(seconds.toFixed(2)), tokens,
  tokensPerSecond: Math.round(tokens / seconds), cachedShareOfPrompt: Number((cached / prompt).toFixed(3)),
  firstTokenMs: { clientP50: quantile(firstToken.client, 0.5), clientP99: quantile(firstToken.client, 0.99),
    plannedP50: quantile(firstToken.planned, 0.5), plannedP99: quantile(firstToken.planned, 0.99) },
  betweenTokensMs: { p50: quantile(gaps, 0.5), p99: quantile(gaps, 0.99) },
  failedConversations: errors,
}));
