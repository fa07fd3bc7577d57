// The overview's panels beside the topics: the cluster's nodes, and the requests and gateway.
import { api, apiText, cell, el, table } from './dom.js';

/** Fills {@code box} with the members of the cluster as this node sees them. */
export async function nodesPanel(box) {
  const { selfNode, leader, members } = await api('GET', '/v1/cluster/members');
  const rows = members.map((m) => {
    const state = !m.reachable ? 'unreachable' : m.status === 'Up' ? 'up' : m.status.toLowerCase();
    const notes = [m.node === selfNode ? 'this node' : null, m.node === leader ? 'leader' : null].filter(Boolean);
    return el('tr', { 'data-node': m.node, class: `node-${state}` }, cell(m.node, 'node'), cell(m.status, 'status'),
      cell(m.reachable ? 'reachable' : 'unreachable', `reach${m.reachable ? '' : ' alert'}`), cell(m.roles.join(', ')),
      cell(notes.join(', ')));
  });
  box.replaceChildren(table([{ title: 'Node' }, { title: 'Status' }, { title: 'Reachability' }, { title: 'Roles' },
    { title: '' }], rows, 'No members: the node has not joined a cluster yet.'));
}

/** Reads Prometheus text into {name -> [{labels, value}]}; only the families the panel shows. */
function parseMetrics(text, prefix) {
  const families = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    const list = families.get(match[1]) ?? [];
    list.push({ labels, value: Number(match[3]) });
    families.set(match[1], list);
  }
  return families;
}

const total = (families, name) => (families.get(name) ?? []).reduce((s, m) => s + m.value, 0);

/** Returns the upper bound of the bucket where {@code q} of a histogram's observations fall, or null. */
function quantile(families, name, q) {
  const buckets = (families.get(`${name}_bucket`) ?? []).map((b) => ({ le: Number(b.labels.le), count: b.value }))
    .sort((a, b) => a.le - b.le);
  const count = buckets.length ? buckets[buckets.length - 1].count : 0;
  if (!count) return null;
  return buckets.find((b) => b.count >= q * count)?.le ?? null;
}

const ms = (seconds) => (seconds === null || !Number.isFinite(seconds) ? '—' : `${(seconds * 1000).toFixed(0)} ms`);

const lastCounts = new Map(); // name -> {at, value}: rates are the difference of two reads

/** Returns the per-second rate of a counter since the last read, or null on the first. */
function rateOf(name, value, now) {
  const before = lastCounts.get(name);
  lastCounts.set(name, { at: now, value });
  if (!before || now <= before.at || value < before.value) return null;
  return ((value - before.value) * 1000) / (now - before.at);
}

/** Fills {@code box} with request outcomes and time to first chunk from /metrics, and the gateway's models. */
export async function requestsPanel(box) {
  const families = parseMetrics(await apiText('/metrics'), 'switchboard_requests_');
  const outcomes = (families.get('switchboard_requests_outcomes_total') ?? [])
    .map((m) => el('tr', { 'data-outcome': m.labels.outcome }, cell(m.labels.outcome), cell(m.value, 'num count')));
  const first = 'switchboard_requests_first_chunk_seconds';
  const firstCount = total(families, `${first}_count`);
  const mean = firstCount ? total(families, `${first}_sum`) / firstCount : null;
  const pools = await poolRows();
  const now = Date.now();
  const chunkRate = rateOf('chunks', total(families, 'switchboard_requests_relayed_chunks_total'), now);
  const byteRate = rateOf('bytes', total(families, 'switchboard_requests_relayed_bytes_total'), now);
  const tokenRate = rateOf('tokens', total(families, 'switchboard_requests_tokens_total'), now);
  // tenant -> {count, sum, tokens}: requests started (first delivery), their queue wait, tokens reported
  const tenants = new Map();
  const tenant = (name) => tenants.get(name) ?? tenants.set(name, { count: 0, sum: 0, tokens: 0 }).get(name);
  for (const m of families.get('switchboard_requests_queue_wait_seconds_count') ?? []) {
    tenant(m.labels.tenant).count += m.value;
  }
  for (const m of families.get('switchboard_requests_tokens_total') ?? []) {
    tenant(m.labels.tenant).tokens += m.value; // prompt and completion
  }
  for (const m of families.get('switchboard_requests_queue_wait_seconds_sum') ?? []) {
    tenant(m.labels.tenant).sum += m.value;
  }
  const tenantRows = [...tenants.entries()].sort((a, b) => b[1].count - a[1].count).map(([tenant, t]) =>
    el('tr', { 'data-tenant': tenant }, cell(tenant || '(none)'), cell(t.count, 'num count'),
      cell(ms(t.count ? t.sum / t.count : null), 'num'), cell(t.tokens, 'num tokens')));
  box.replaceChildren(el('div', { class: 'panels' },
    el('div', {}, el('h3', {}, 'Outcomes on this node'),
      table([{ title: 'Outcome' }, { title: 'Requests', num: true }], outcomes, 'No request has ended on this node.')),
    el('div', { id: 'first-chunk' }, el('h3', {}, 'Time to first chunk'),
      el('p', {}, `${firstCount} requests · mean ${ms(mean)} · p50 ≤ ${ms(quantile(families, first, 0.5))}` +
        ` · p95 ≤ ${ms(quantile(families, first, 0.95))}`),
      el('p', { class: 'hint' }, `${total(families, 'switchboard_requests_relayed_chunks_total')} chunks relayed`)),
    el('div', { id: 'stream-rate' }, el('h3', {}, 'Streaming now'),
      el('p', {}, `${tokenRate === null ? '…' : tokenRate.toFixed(1)} tokens/s · ` +
        `${chunkRate === null ? '…' : chunkRate.toFixed(1)} chunks/s · ` +
        `${byteRate === null ? '…' : (byteRate / 1024).toFixed(1)} KiB/s`),
      el('p', { class: 'hint' }, 'Since the last refresh: tokens the workers reported as they completed, '
        + 'chunks and bytes relayed to callers.')),
    el('div', { id: 'tenants' }, el('h3', {}, 'Requests by tenant'),
      table([{ title: 'Tenant' }, { title: 'Started', num: true }, { title: 'Mean queue wait', num: true },
        { title: 'Tokens', num: true }], tenantRows,
        'No request has started on this node.')),
    el('div', { id: 'pools' }, el('h3', {}, 'Gateway pools'),
      table([{ title: 'Model' }, { title: 'Topic' }, { title: 'Waiting', num: true }, { title: 'In flight', num: true }],
        pools, 'No gateway pools (or no admin right to list them).'))));
}

/** The gateway's pools with the requests waiting and in flight on each pool's topic (the admin right lists them). */
async function poolRows() {
  let pools;
  let topics;
  try {
    pools = (await api('GET', '/v1/pools')).pools ?? [];
    topics = new Set((await api('GET', '/v1/topics')).topics.map((t) => t.name));
  } catch (error) {
    return []; // a node without a gateway, or a token without the admin right
  }
  return Promise.all(pools.map(async (pool) => {
    const topic = pool.definition?.topic ?? '';
    let groups = [];
    if (topics.has(topic)) { // a pool's topic is made with its first call: no read of one not there yet
      groups = (await api('GET', `/v1/topics/${encodeURIComponent(topic)}`)).stats.groups;
    }
    const sum = (key) => groups.reduce((total, g) => total + (g[key] ?? 0), 0);
    return el('tr', { 'data-pool': pool.model }, cell(pool.model), cell(topic),
      cell(sum('backlog'), 'num waiting'), cell(sum('inFlight'), 'num in-flight'));
  }));
}
