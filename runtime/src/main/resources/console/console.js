// Switchboard's web console: every number comes from the node's HTTP API and every action is
// an API call, with the same validation and access checks as curl. No build step, no framework.
import { TOKEN_KEY, api, cell, el, enc, say, sum, table } from './dom.js';
import { history, latestRate, lineChart, record } from './charts.js';
import { deadLettersPage } from './dead-letters.js';
import { nodesPanel, requestsPanel } from './panels.js';
import { simulatorPage } from './simulator.js';
import { backlogBrowser, consumersTable, partitionsTable } from './topic-views.js';

const REFRESH_MS = Number(document.body.dataset.refreshMs) || 2000;
const OVERVIEW_LISTING = 100;
const main = document.getElementById('main');
const status = document.getElementById('status');

/**
 * Runs an action, saying in {@code box} what it did or why the API refused it; then reads again.
 * The periodic refresh waits while it runs, and it waits for a read already under way: a read
 * racing a delete would ask for what the delete just removed (a 404 in the browser's console).
 */
async function act(box, work) {
  acting++;
  let stayed = false;
  try {
    await reading;
    const hash = location.hash;
    say(box, await work(), true);
    stayed = location.hash === hash;
  } catch (error) {
    say(box, error.message, false);
  } finally {
    acting--;
  }
  // an action that left the page (a delete) must not read what it just removed: the hashchange
  // that follows draws the page it went to
  if (stayed) await refresh();
}

document.getElementById('login').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value.trim());
  document.getElementById('login').hidden = true;
  route();
});
document.getElementById('logout').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
});

// ---- overview ---------------------------------------------------------------------------

/** Counts a topic's dead letters from its dead-letter topic's stats: no payload crosses the wire. */
async function deadLetterCount(topic) {
  try {
    return (await api('GET', `/v1/topics/${enc(topic.deadLetterTopic)}`)).stats.stored;
  } catch (error) {
    // a token with a right on the topic but none on <topic>.dlq may still list its dead letters
    const { deadLetters } = await api('GET', `/v1/topics/${enc(topic.name)}/dead-letters?limit=${OVERVIEW_LISTING}`);
    return deadLetters.length >= OVERVIEW_LISTING ? `${OVERVIEW_LISTING}+` : deadLetters.length;
  }
}

async function topicRow(topic, now) {
  const [detail, deadCount] = await Promise.all([api('GET', `/v1/topics/${enc(topic.name)}`), deadLetterCount(topic)]);
  const groups = detail.stats.groups;
  record(topic.name, now, detail.stats.published, sum(groups, 'backlog'));
  const rate = latestRate(topic.name);
  return el('tr', { 'data-topic': topic.name },
    el('td', {}, el('a', { href: `#/topic/${enc(topic.name)}` }, topic.name)),
    cell(topic.partitions, 'num'), cell(groups.length, 'num'),
    cell(detail.stats.published, 'num published'),
    cell(rate === null ? '…' : rate.toFixed(1), 'num rate'),
    cell(sum(groups, 'backlog'), 'num backlog'), cell(sum(groups, 'inFlight'), 'num in-flight'),
    el('td', { class: `num dead-letters${deadCount ? ' alert' : ''}` },
      el('a', { href: `#/dead-letters/${enc(topic.name)}` }, String(deadCount))));
}

function overview() {
  const list = el('div');
  const box = el('div');
  const form = el('form', { class: 'inline', id: 'create-topic' },
    el('label', {}, 'Name', el('input', { name: 'name', required: true, placeholder: 'orders' })),
    el('label', {}, 'Partitions', el('input', { name: 'partitions', type: 'number', min: 1, value: 4 })),
    el('label', {}, 'Max attempts', el('input', { name: 'maxAttempts', type: 'number', min: 1, value: 5 })),
    el('label', {}, 'Durable', el('input', { name: 'durable', type: 'checkbox', checked: true })),
    el('button', { type: 'submit' }, 'Create topic'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = form.elements;
    act(box, async () => {
      const created = await api('POST', '/v1/topics', {
        name: f.name.value, partitions: Number(f.partitions.value), maxAttempts: Number(f.maxAttempts.value),
        durable: f.durable.checked });
      form.reset();
      return `Created topic ${created.name} (dead letters in ${created.deadLetterTopic})`;
    });
  });
  const nodes = el('div');
  const requests = el('div');
  main.replaceChildren(el('h1', {}, 'Topics'), list, el('h2', {}, 'New topic'), form, box,
    el('h2', {}, 'Nodes of the cluster'), nodes, el('h2', {}, 'Requests and gateway'), requests);
  return async () => {
    const now = Date.now();
    // a panel that cannot be read says why in its place; the topics still show
    const panels = [[nodes, nodesPanel], [requests, requestsPanel]]
      .map(([place, fill]) => fill(place).catch((error) => say(place, error.message, false)));
    const { topics } = await api('GET', '/v1/topics');
    const rows = await Promise.all(topics.filter((t) => t.deadLetterTopic).map((t) => topicRow(t, now)));
    list.replaceChildren(table([
      { title: 'Topic' }, { title: 'Partitions', num: true }, { title: 'Groups', num: true },
      { title: 'Published', num: true }, { title: 'Publish rate /s', num: true }, { title: 'Backlog', num: true },
      { title: 'In flight', num: true }, { title: 'Dead letters', num: true }], rows, 'No topics yet: create one below.'));
    await Promise.all(panels);
  };
}

// ---- topic ------------------------------------------------------------------------------

function topicPage(name) {
  const base = `/v1/topics/${enc(name)}`;
  const live = el('div');
  const charts = el('div', { class: 'charts' });
  const box = el('div');
  const publish = el('form', { class: 'inline', id: 'publish' },
    el('label', {}, 'Key', el('input', { name: 'key', placeholder: 'optional' })),
    el('label', {}, 'Type', el('input', { name: 'type', placeholder: 'optional' })),
    el('label', {}, 'Payload (JSON)', el('textarea', { name: 'payload' }, '{"hello": "console"}')),
    el('button', { type: 'submit' }, 'Publish'));
  publish.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = publish.elements;
    act(box, async () => {
      let payload;
      try { payload = JSON.parse(f.payload.value); } catch (e) { throw new Error(`The payload is not JSON: ${e.message}`); }
      const message = { payload };
      if (f.key.value) message.key = f.key.value;
      if (f.type.value) message.type = f.type.value;
      const confirm = await api('POST', `${base}/messages`, message);
      return `Published ${confirm.messageId} to partition ${confirm.partition} at offset ${confirm.offset}`;
    });
  });
  const group = el('form', { class: 'inline', id: 'create-group' },
    el('label', {}, 'Group', el('input', { name: 'name', required: true, placeholder: 'workers' })),
    el('label', {}, 'Balancing', el('select', { name: 'balancing' }, ['least-outstanding', 'round-robin', 'weighted',
      'power-of-two', 'consistent-hash', 'service-time'].map((b) => el('option', {}, b)))),
    el('label', {}, 'Start from', el('select', { name: 'startFrom' }, el('option', {}, 'latest'), el('option', {}, 'earliest'))),
    el('button', { type: 'submit' }, 'Create group'));
  group.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = group.elements;
    act(box, async () => {
      const created = await api('POST', `${base}/groups`,
        { name: f.name.value, balancing: f.balancing.value, startFrom: f.startFrom.value });
      group.reset();
      return `Created group ${created.name}`;
    });
  });
  const remove = el('button', { class: 'danger', type: 'button', id: 'delete-topic', onclick: () => {
    if (!confirm(`Delete topic ${name}, its groups, its stored messages and its dead letters?`)) return;
    act(box, async () => {
      await api('DELETE', base);
      location.hash = '#/';
      return `Deleted topic ${name}`;
    });
  } }, 'Delete topic');
  const browser = backlogBrowser(base);
  main.replaceChildren(el('h1', {}, `Topic ${name}`),
    el('div', { class: 'actions' }, el('a', { href: `#/dead-letters/${enc(name)}` }, 'Dead letters'), remove),
    box, el('h2', {}, 'Last minutes'), charts, live, el('h2', {}, 'Publish a test message'), publish, el('h2', {}, 'New consumer group'), group,
    el('h2', {}, 'Browse the head of a backlog'), browser.form, browser.result);
  return async () => {
    const now = Date.now();
    const detail = await api('GET', base);
    const stats = detail.stats;
    record(name, now, stats.published, sum(stats.groups, 'backlog'));
    charts.replaceChildren(lineChart('rate', 'Publish rate /s', history(name), 'rate', now),
      lineChart('backlog', 'Backlog', history(name), 'backlog', now));
    const config = detail.config;
    const groupRows = detail.groups.map((g) => {
      const s = stats.groups.find((x) => x.group === g.name) ?? {};
      return el('tr', { 'data-group': g.name }, cell(g.name), cell(g.balancing), cell(g.startFrom),
        cell(s.consumers, 'num'), cell(s.backlog, 'num backlog'), cell(s.inFlight, 'num in-flight'),
        cell(s.delivered, 'num'), cell(s.acked, 'num'), cell(s.redelivered, 'num'), cell(s.deadLettered, 'num'),
        el('td', {}, el('button', { class: 'danger', type: 'button', onclick: () => {
          if (!confirm(`Delete group ${g.name} of ${name}?`)) return;
          act(box, async () => { await api('DELETE', `${base}/groups/${enc(g.name)}`); return `Deleted group ${g.name}`; });
        } }, 'Delete')));
    });
    browser.update(detail.groups);
    live.replaceChildren(
      el('p', { class: 'hint' }, `${config.partitions} partitions · ${config.durable ? 'durable' : 'transient'} · ` +
        `max attempts ${config.maxAttempts} · ack lease ${config.ackLeaseMs} ms · backlog limit ${config.backlogLimit} · ` +
        `published ${stats.published}`),
      el('h2', {}, 'Consumer groups'),
      table([{ title: 'Group' }, { title: 'Balancing' }, { title: 'Start from' }, { title: 'Consumers', num: true },
        { title: 'Backlog', num: true }, { title: 'In flight', num: true }, { title: 'Delivered', num: true },
        { title: 'Acked', num: true }, { title: 'Redelivered', num: true }, { title: 'Dead-lettered', num: true },
        { title: '' }], groupRows, 'No groups: a message is kept for the groups that exist when it is published.'),
      el('h2', {}, 'Consumers'), consumersTable(detail),
      el('h2', {}, 'Partitions'), partitionsTable(name, stats, now));
  };
}

// ---- routing and refresh ----------------------------------------------------------------

let current = null;
let acting = 0; // actions under way: the refresh waits for them
let reading = Promise.resolve(); // the read under way, which an action waits for

async function refresh() {
  if (!current || acting > 0) return;
  const read = current();
  reading = read.catch(() => {});
  try {
    await read;
    status.className = '';
    status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    document.getElementById('logout').hidden = !sessionStorage.getItem(TOKEN_KEY);
  } catch (error) {
    status.className = 'error';
    status.textContent = error.message;
  }
}

function route() {
  const [, page, name] = location.hash.split('/');
  const topic = name === undefined ? undefined : decodeURIComponent(name);
  document.body.dataset.page = page || 'overview';
  current = page === 'topic' ? topicPage(topic) : page === 'dead-letters' ? deadLettersPage(main, topic, act)
    : page === 'simulator' ? simulatorPage(main) : overview();
  refresh();
}

window.addEventListener('hashchange', route);
setInterval(refresh, REFRESH_MS);
route();
