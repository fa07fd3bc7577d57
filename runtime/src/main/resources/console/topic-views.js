// The topic page's operational views: partitions (owner, backlog, journal writes), consumers
// (credit, holdings, service time) and a peek at the head of a group's backlog.
import { api, cell, el, enc, say, sum, table } from './dom.js';

const writeSamples = new Map(); // `${topic}/${partition}` -> {at, writes}: the rate is the difference of two reads
const BROWSE_LIMIT = 20; // the API's default; at most switchboard.http.browse.max-messages

/** Returns journal writes per second of a partition since the page's last read, or null on the first. */
function writeRate(topic, p, now) {
  const key = `${topic}/${p.partition}`;
  const before = writeSamples.get(key);
  writeSamples.set(key, { at: now, writes: p.journalWrites });
  if (!before || now <= before.at || p.journalWrites < before.writes) return null; // restarted: counts anew
  return ((p.journalWrites - before.writes) * 1000) / (now - before.at);
}

/** A node's address without the protocol and system name: host:port. */
const shortNode = (node) => (node ? node.replace(/^[a-z]+:\/\/[^@]*@/, '') : '—');

export function partitionsTable(topic, stats, now) {
  const rows = stats.partitions.map((p) => {
    const rate = writeRate(topic, p, now);
    return el('tr', { 'data-partition': p.partition }, cell(p.partition, 'num'),
      el('td', { class: 'node', title: p.node }, shortNode(p.node)), cell(p.nextOffset, 'num'),
      cell(p.stored, 'num'), cell(sum(p.groups ?? [], 'backlog'), 'num backlog'),
      cell(sum(p.groups ?? [], 'inFlight'), 'num in-flight'), cell(p.journalWrites, 'num journal-writes'),
      cell(p.journalEvents, 'num'), cell(rate === null ? '…' : rate.toFixed(1), 'num write-rate'));
  });
  return table([{ title: 'Partition', num: true }, { title: 'Owner node' }, { title: 'Next offset', num: true },
    { title: 'Stored', num: true }, { title: 'Backlog', num: true }, { title: 'In flight', num: true },
    { title: 'Journal writes', num: true }, { title: 'Events written', num: true }, { title: 'Writes /s', num: true }],
  rows, 'No partitions answered.');
}

export function consumersTable(detail) {
  const balancing = new Map(detail.groups.map((g) => [g.name, g.balancing]));
  const rows = (detail.stats.consumers ?? []).map((c) => el('tr', { 'data-consumer': c.consumer, 'data-consumer-group': c.group },
    cell(c.group), cell(balancing.get(c.group) ?? ''), el('td', { class: 'consumer', title: c.consumer }, c.consumer),
    cell(c.window, 'num window'), cell(c.outstanding, 'num outstanding'),
    cell(c.tokenBudget ? `${c.outstandingTokens} / ${c.tokenBudget}` : '—', 'num'),
    cell(c.serviceMillis ? `${c.serviceMillis.toFixed(1)} ms` : '—', 'num service-time')));
  return table([{ title: 'Group' }, { title: 'Balancing' }, { title: 'Consumer' }, { title: 'Credit (window)', num: true },
    { title: 'Outstanding', num: true }, { title: 'Tokens held / budget', num: true }, { title: 'Service time', num: true }],
  rows, 'No consumer is connected: a pull, a WebSocket, a gRPC stream or a worker shows here while it takes messages.');
}

/** Returns the browse form and its result box; the group choices follow the topic's groups at each refresh. */
export function backlogBrowser(base) {
  const result = el('div', { id: 'backlog' });
  const groupSelect = el('select', { name: 'group', required: true });
  const form = el('form', { class: 'inline', id: 'browse' },
    el('label', {}, 'Group', groupSelect),
    el('label', {}, 'Messages', el('input', { name: 'limit', type: 'number', min: 1, value: BROWSE_LIMIT })),
    el('button', { type: 'submit' }, 'Browse backlog'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const group = groupSelect.value;
    try {
      const { messages } = await api('GET', `${base}/groups/${enc(group)}/backlog?limit=${Number(form.elements.limit.value)}`);
      result.replaceChildren(el('p', { class: 'hint' }, `The oldest ${messages.length} waiting for ${group}, read ` +
        `${new Date().toLocaleTimeString()}: nothing was leased or changed.`), backlogTable(messages));
    } catch (error) {
      say(result, error.message, false);
    }
  });
  const update = (groups) => {
    const names = groups.map((g) => g.name);
    if (names.join('\n') === [...groupSelect.options].map((o) => o.value).join('\n')) return;
    const chosen = groupSelect.value;
    groupSelect.replaceChildren(...names.map((n) => el('option', { selected: n === chosen }, n)));
  };
  return { form, result, update };
}

function backlogTable(messages) {
  const rows = messages.map((m) => el('tr', { 'data-message': m.id }, cell(m.id, 'id'), cell(`${m.partition}/${m.offset}`),
    cell(m.key ?? ''), cell(m.type ?? ''), cell(m.createdAt), cell(m.payloadBytes, 'num'),
    el('td', { class: 'payload' }, m.preview ?? `base64: ${m.previewBase64}`, m.truncated ? ' …' : '')));
  return table([{ title: 'Message' }, { title: 'Partition/offset' }, { title: 'Key' }, { title: 'Type' },
    { title: 'Created' }, { title: 'Bytes', num: true }, { title: 'Payload' }], rows, 'The backlog is empty.');
}
