// Load on an OpenAI-compatible server with the official client: conversations of several turns,
// streamed, each turn sent after the last one's reply; prints time to first token and between
// tokens as the client saw them, beside the emulator's own plan (x-emulator-time-to-first-token-ms).
// Usage: node load.mjs <base-url> <model> [conversations=32] [turns=3] [max_tokens=32] [document_words=0]
// document_words: a document of that many words opens each conversation's first message (a long
// shared prefix, what a prefix cache saves the prefill of); turnsCached counts the turns whose
// usage reported cached prompt tokens, of turnsAnswered.
import OpenAI from 'openai';

const [baseURL, model, conversations = '32', turns = '3', maxTokens = '32', documentWords = '0'] =
  process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'not-checked', maxRetries: 0 });
const firstToken = { client: [], planned: [] };
const gaps = [];
let tokens = 0;
let cached = 0;
let prompt = 0;
let turnsAnswered = 0;
let turnsCached = 0;
let cachedOfCachedTurns = 0;
let promptOfCachedTurns = 0;
const firstTokenSum = { ms: 0, count: 0 };

// a failed turn ends its conversation and is counted by its message, not the whole run: at
// hundreds of streams on a loaded machine some may time out, and the others still measure
const errors = {};

async function conversation(c) {
  try {
    await talk(c);
  } catch (e) {
    // a connection error's own words are in its cause (undici's code: ECONNRESET, UND_ERR_...)
    const root = e.cause?.cause ?? e.cause; // openai's APIConnectionError wraps fetch's TypeError wraps undici's
    const cause = root ? ` (${root.code ?? ''} ${String(root.message ?? root).slice(0, 80)})` : '';
    const what = `${e.status ?? ''} ${e.code ?? e.name}: ${String(e.message).slice(0, 80)}${cause}`.trim();
    errors[what] = (errors[what] ?? 0) + 1;
  }
}

async function talk(c) {
  const document = [...Array(Number(documentWords)).keys()].map((w) => `word${(w * 7 + c) % 1000}`).join(' ');
  const messages = [{ role: 'user', content: `conversation ${c}: explain how a fabric routes messages to model workers ${document}`.trim() }];
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
        const cachedNow = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
        cached += cachedNow;
        turnsAnswered++;
        if (cachedNow > 0) {
          turnsCached++;
          cachedOfCachedTurns += cachedNow;
          promptOfCachedTurns += chunk.usage.prompt_tokens;
        }
      }
      for (const choice of chunk.choices) {
        if (choice.delta.content === undefined || choice.delta.role) continue;
        if (last === null) {
          firstToken.client.push(now - sent);
          firstTokenSum.ms += now - sent;
          firstTokenSum.count++;
        } else gaps.push(now - last);
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
  promptTokens: prompt, turnsAnswered, turnsCached,
  cachedShareOfCachedTurns: Number((cachedOfCachedTurns / Math.max(1, promptOfCachedTurns)).toFixed(3)),
  firstTokenMs: { clientMean: Number((firstTokenSum.ms / Math.max(1, firstTokenSum.count)).toFixed(1)), clientP50: quantile(firstToken.client, 0.5), clientP99: quantile(firstToken.client, 0.99),
    plannedP50: quantile(firstToken.planned, 0.5), plannedP99: quantile(firstToken.planned, 0.99) },
  betweenTokensMs: { p50: quantile(gaps, 0.5), p99: quantile(gaps, 0.99) },
  failedConversations: errors,
}));
