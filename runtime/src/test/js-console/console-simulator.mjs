// Drives the console's Simulator page of a running node in Debian's headless Chromium:
// node console-simulator.mjs <base url> <token> <screenshot dir>
// Prints one JSON line of what it saw; ConsoleSimulatorBrowserTest asserts on it.
import { logIn, openConsole, shot as saveShot } from './console-session.mjs';

const [base, token, shots] = process.argv.slice(2);
const seen = {};
const shot = (page, name) => saveShot(page, shots, name);
const MINE = `
description = "one of my own"
streams.web.arrival { process = poisson, rate = 50 }
workers.gpu { count = 1, service { model = exponential, mean = 20ms } }
run { duration = 1m, warmup = 5s }
`;

const chart = (page, name) => page.locator(`svg[data-chart="${name}"]`).evaluate((c) => ({
  lines: Number(c.dataset.lines), points: Number(c.dataset.points), peak: Number(c.dataset.peak),
  polylines: c.querySelectorAll('polyline').length }));

const { browser, page } = await openConsole(seen);
try {
  await logIn(page, base, token);
  await page.click('header nav a[href="#/simulator"]');
  await page.locator('#main h1', { hasText: 'Simulator' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('#sim-scenario option').length >= 4);
  seen.scenarios = await page.locator('#sim-scenario option').allTextContents();

  // a bundled scenario, two keys changed, run: the summary table and the charts
  await page.selectOption('#sim-scenario', 'mm1');
  seen.description = await page.locator('#sim-description').textContent();
  await page.fill('input[data-key="run.duration"]', '2m');
  await page.fill('input[data-key="run.warmup"]', '10s');
  await page.click('#sim-run');
  await page.locator('#sim-summary').waitFor();
  seen.runTitle = await page.locator('#sim-result h2').textContent();
  seen.latencyMean = await page.locator('#sim-summary tr[data-figure="latency-mean"] td').textContent();
  seen.utilization = await page.locator('#sim-summary tr[data-figure="utilization"] td').textContent();
  seen.latencyChart = await chart(page, 'latency');
  seen.queueChart = await chart(page, 'queue-depth');
  seen.workers = await page.locator('#sim-result tr[data-worker]').count();
  await shot(page, 'simulator-run');

  // a value the scenario refuses: the page says why, the result stays
  await page.fill('input[data-key="workers.server.count"]', '-1');
  await page.click('#sim-run');
  await page.locator('#main .message.error').waitFor();
  seen.refusal = await page.locator('#main .message.error').textContent();
  await page.fill('input[data-key="workers.server.count"]', '1');

  // a sweep of the number of servers: one point per value, the curve falls
  await page.fill('#sim-sweep input[name=key]', 'workers.server.count');
  await page.fill('#sim-sweep input[name=from]', '1');
  await page.fill('#sim-sweep input[name=to]', '3');
  await page.click('#sim-sweep-run');
  await page.locator('svg[data-chart="sweep"]').waitFor();
  seen.sweepChart = await chart(page, 'sweep');
  seen.sweepP99 = await page.locator('#sim-sweep-result tr[data-value] td.p99').allTextContents();
  await shot(page, 'simulator-sweep');

  // a scenario of one's own, uploaded, with a key set as simulate --set would
  await page.setInputFiles('input[name=upload]', { name: 'mine.conf', mimeType: 'text/plain', buffer: Buffer.from(MINE) });
  await page.locator('#main .message.ok', { hasText: 'mine.conf' }).waitFor();
  await page.fill('textarea[name=set]', 'workers.gpu.count=3');
  await page.click('#sim-run');
  await page.locator('#sim-result h2', { hasText: 'text with workers.gpu.count=3' }).waitFor();
  seen.uploadedWorkers = await page.locator('#sim-result tr[data-worker]').count();
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
