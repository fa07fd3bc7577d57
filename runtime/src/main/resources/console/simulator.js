// The Simulator page: pick a bundled scenario or upload one, change its keys, run it on the node
// (POST /v1/simulator/runs, the engine of `switchboard simulate`) and see the summary and charts;
// sweep one key (POST /v1/simulator/sweeps) and see the curve.
import { api, cell, el, say, table } from './dom.js';
import { plot } from './charts.js';

const TEXT = '(text below: uploaded or edited)';

/** Formats seconds as the command's table does: µs, ms or s. */
export function duration(seconds) {
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(0)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(seconds < 0.01 ? 2 : 1)} ms`;
  return `${seconds.toFixed(2)} s`;
}

const percent = (share) => `${(share * 100).toFixed(1)}%`;
const count = (n) => Number(n).toLocaleString('en');

/** Returns the key=value overrides: keys whose value changed, then the free lines. */
function overrides(keyRows, extra) {
  const set = [];
  for (const input of keyRows.querySelectorAll('input[data-key]')) {
    if (input.value === input.dataset.original) continue;
    // a string goes quoted, so that spaces, commas and colons stay part of it
    set.push(`${input.dataset.key}=${input.dataset.type === 'STRING' ? JSON.stringify(input.value) : input.value}`);
  }
  return set.concat(extra.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')));
}

function summaryTable(run) {
  const s = run.summary;
  const rows = [
    ['messages', 'Messages in the window', count(s.messages)], ['completed', 'Completed', count(s.completed)],
    ['unfinished', 'Unfinished at the end', count(s.unfinished)],
    ['offered', 'Offered rate /s', s.offeredRate.toFixed(1)], ['throughput', 'Throughput /s', s.throughput.toFixed(1)],
    ['latency-mean', 'Latency mean', duration(s.latency.mean)], ['latency-p50', 'Latency p50', duration(s.latency.p50)],
    ['latency-p95', 'Latency p95', duration(s.latency.p95)], ['latency-p99', 'Latency p99', duration(s.latency.p99)],
    ['latency-max', 'Latency max', duration(s.latency.max)],
    ['wait-p99', 'Queue wait p50 / p99', `${duration(s.queueWait.p50)} / ${duration(s.queueWait.p99)}`],
    ['service-p99', 'Service p50 / p99', `${duration(s.service.p50)} / ${duration(s.service.p99)}`],
    ['utilization', 'Mean utilization', percent(run.meanUtilization)],
    ['redeliveries', 'Redeliveries / dead letters', `${count(s.redeliveries)} / ${count(s.deadLetters)}`],
    ['prefix', 'Prefix cache hit rate', percent(s.prefixHitRate)],
    ['simulated', 'Simulated messages (all)', `${count(run.simulatedMessages)} in ${run.wallMillis} ms`]];
  return el('table', { id: 'sim-summary', class: 'figures' }, el('tbody', {},
    rows.map(([id, title, value]) => el('tr', { 'data-figure': id }, el('th', {}, title), cell(value, 'num')))));
}

function runResult(run) {
  const series = run.series;
  const line = (label, field, scale = 1) => ({ label, points: series.map((r) => [r.time, r[field] * scale]) });
  const s = run.summary;
  const workers = table([{ title: 'Worker' }, { title: 'Kind' }, { title: 'Node' }, { title: 'Completed', num: true },
    { title: 'Utilization', num: true }], s.workers.map((w) => el('tr', { 'data-worker': w.id }, cell(w.id), cell(w.kind),
    cell(w.node), cell(count(w.completed), 'num'), cell(percent(w.utilization), 'num'))), 'No workers.');
  const types = table([{ title: 'Message type' }, { title: 'p50', num: true }, { title: 'p99', num: true },
    { title: 'Queue wait p99', num: true }], s.types.map((t) => el('tr', {}, cell(t.type),
    cell(duration(t.latency.p50), 'num'), cell(duration(t.latency.p99), 'num'), cell(duration(t.queueWait.p99), 'num'))),
  'No message types.');
  return [
    el('h2', {}, `Result: ${run.scenario}${run.set.length ? ` with ${run.set.join(', ')}` : ''}`),
    el('div', { class: 'panels' }, el('div', {}, summaryTable(run)), el('div', {}, el('h3', {}, 'Per type'), types)),
    el('div', { class: 'charts' },
      plot('latency', 'Latency over time, seconds', [line('p50', 'p50'), line('p99', 'p99')], 's', (v) => duration(v)),
      plot('queue-depth', 'Queue depth (backlog)', [line('backlog', 'queueDepth')], 's'),
      plot('throughput', 'Messages per second', [line('completed', 'throughput'), line('arrived', 'arrivalRate')], 's'),
      plot('utilization', 'Utilization %', [line('busy', 'utilization', 100)], 's')),
    el('h3', {}, 'Workers'), workers];
}

function sweepResult(sweep) {
  const points = sweep.points;
  const line = (label, pick) => ({ label, points: points.map((p) => [p.value, pick(p)]) });
  const rows = points.map((p) => el('tr', { 'data-value': p.value }, cell(p.value, 'num'), cell(count(p.messages), 'num'),
    cell(count(p.unfinished), 'num'), cell(p.throughput.toFixed(1), 'num'), cell(duration(p.latency.p50), 'num p50'),
    cell(duration(p.latency.p99), 'num p99'), cell(percent(p.meanUtilization), 'num')));
  return [
    el('h2', {}, `Sweep of ${sweep.key} (${sweep.scenario}, ${sweep.wallMillis} ms)`),
    el('div', { class: 'charts' },
      plot('sweep', `Latency against ${sweep.key}`, [line('p50', (p) => p.latency.p50), line('p99', (p) => p.latency.p99)],
        sweep.key.split('.').slice(-2).join('.'), (v) => duration(v)),
      plot('sweep-utilization', `Utilization % against ${sweep.key}`, [line('busy', (p) => p.meanUtilization * 100)],
        sweep.key.split('.').slice(-2).join('.'))),
    table([{ title: sweep.key, num: true }, { title: 'Messages', num: true }, { title: 'Unfinished', num: true },
      { title: 'Throughput /s', num: true }, { title: 'p50', num: true }, { title: 'p99', num: true },
      { title: 'Utilization', num: true }], rows, 'No points.')];
}

/** Builds the page in {@code main}; returns its refresh (nothing to refresh: a run is asked for). */
export function simulatorPage(main) {
  const box = el('div');
  const result = el('div', { id: 'sim-result' });
  const sweepOut = el('div', { id: 'sim-sweep-result' });
  const picker = el('select', { name: 'scenario', id: 'sim-scenario' });
  const description = el('p', { class: 'hint', id: 'sim-description' });
  const text = el('textarea', { name: 'text', class: 'scenario', spellcheck: 'false' });
  const upload = el('input', { type: 'file', name: 'upload', accept: '.conf,.hocon,.txt' });
  const keyRows = el('div', { id: 'sim-keys' });
  const extra = el('textarea', { name: 'set', placeholder: 'workers.h100.count=6' });
  const runButton = el('button', { type: 'submit', id: 'sim-run' }, 'Run');
  const sweepKey = el('input', { name: 'key', list: 'sim-number-keys', required: true, placeholder: 'workers.h100.count' });
  const numberKeys = el('datalist', { id: 'sim-number-keys' });
  const sweepButton = el('button', { type: 'submit', id: 'sim-sweep-run' }, 'Sweep');
  const form = el('form', { id: 'sim-form' },
    el('div', { class: 'inline' }, el('label', {}, 'Scenario', picker), el('label', {}, 'or upload a scenario file', upload)),
    description, el('h2', {}, 'Keys'), keyRows,
    el('label', {}, 'Other keys, one key=value a line (as simulate --set)', extra),
    el('details', {}, el('summary', {}, 'Scenario text (HOCON; editing it sends the text)'), text),
    el('p', {}, runButton));
  const sweepForm = el('form', { class: 'inline', id: 'sim-sweep' },
    el('label', {}, 'Key', sweepKey, numberKeys),
    el('label', {}, 'From', el('input', { name: 'from', type: 'number', value: 1, required: true })),
    el('label', {}, 'To', el('input', { name: 'to', type: 'number', value: 4, required: true })),
    el('label', {}, 'Step', el('input', { name: 'step', type: 'number', min: 1, value: 1 })),
    sweepButton);
  const limits = el('p', { class: 'hint' });
  main.replaceChildren(el('h1', {}, 'Simulator'), el('p', { class: 'hint' },
    'Runs a capacity scenario in virtual time on this node: the engine of ', el('code', {}, 'switchboard simulate'),
    ', the same balancing code as the fabric.'), limits, form, box, result,
  el('h2', {}, 'Sweep one key'), el('p', { class: 'hint' }, 'Runs the scenario above once per value, with its keys.'),
  sweepForm, sweepOut);

  let bundled = [];
  const chosen = () => bundled.find((s) => s.name === picker.value);

  function showKeys(scenario) {
    description.textContent = scenario ? scenario.description : 'A scenario of your own: change its text below.';
    keyRows.replaceChildren(scenario ? table([{ title: 'Key' }, { title: 'Value' }], scenario.keys.map((k) => el('tr', {},
      el('td', {}, el('code', {}, k.key)),
      el('td', {}, el('input', { 'data-key': k.key, 'data-type': k.type, 'data-original': k.value, value: k.value,
        'aria-label': k.key }))))) : el('p', { class: 'empty' }, 'Keys are listed for bundled scenarios; set others below.'));
    numberKeys.replaceChildren(...(scenario?.keys ?? []).filter((k) => k.type === 'NUMBER').map((k) => el('option', { value: k.key })));
  }

  picker.addEventListener('change', () => {
    const scenario = chosen();
    if (scenario) text.value = scenario.text;
    showKeys(scenario);
  });
  upload.addEventListener('change', async () => {
    const file = upload.files[0];
    if (!file) return;
    text.value = await file.text();
    picker.value = TEXT;
    showKeys(undefined);
    say(box, `Loaded ${file.name} (${file.size} bytes): change its keys below or its text, then Run.`, true);
  });

  /** The scenario part of a request: the bundled name while its text is untouched, else the text. */
  function source() {
    const scenario = chosen();
    const body = scenario && text.value === scenario.text ? { scenario: scenario.name } : { text: text.value };
    body.set = overrides(keyRows, extra.value);
    return body;
  }

  async function ask(button, out, work) {
    button.disabled = true;
    const label = button.textContent;
    button.textContent = 'Running…';
    say(box, 'Running on the node…', true);
    try {
      out.replaceChildren(...await work());
      box.replaceChildren();
    } catch (error) {
      say(box, error.message, false);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask(runButton, result, async () => runResult(await api('POST', '/v1/simulator/runs', source())));
  });
  sweepForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = sweepForm.elements;
    ask(sweepButton, sweepOut, async () => sweepResult(await api('POST', '/v1/simulator/sweeps', {
      ...source(), key: f.key.value.trim(), from: Number(f.from.value), to: Number(f.to.value), step: Number(f.step.value) || 1 })));
  });

  // the list is read once: the page has nothing live to refresh
  let loaded = false;
  return async () => {
    if (loaded) return;
    const list = await api('GET', '/v1/simulator/scenarios');
    loaded = true;
    bundled = list.scenarios;
    picker.replaceChildren(...bundled.map((s) => el('option', { value: s.name }, s.name)), el('option', { value: TEXT }, TEXT));
    limits.textContent = `Limits of this node: ${list.limits.maxRunTimeMs / 1000} s per run or sweep, ` +
      `${list.limits.maxSweepPoints} points per sweep, ${count(list.limits.maxMessages)} messages per run, ` +
      `${count(list.limits.maxScenarioBytes)} bytes of text.`;
    picker.value = bundled[0].name;
    text.value = bundled[0].text;
    showKeys(bundled[0]);
  };
}
