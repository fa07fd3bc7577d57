// Drives the web console of a running node in Debian's headless Chromium, as a user would:
// node console-browser.mjs <base url> <token> <topic> <request pool topic> <screenshot dir>
// Prints one JSON line of what it saw; ConsoleBrowserTest asserts on it.
import { logIn, openConsole, shot as saveShot } from './console-session.mjs';

const [base, token, topic, requestTopic, shots] = process.argv.slice(2);
const GROUP = 'workers';
const seen = {};

// The consumer side is not the console's job: the script pulls and nacks over the API like a worker.
async function callApi(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

/** Pulls {@code count} deliveries and nacks them: with maxAttempts 1 they become dead letters. */
async function failAll(count) {
  // a pull may answer with fewer than asked: pull until all came, then nack them
  const receipts = [];
  while (receipts.length < count) {
    const pulled = await callApi('POST', `/v1/topics/${topic}/groups/${GROUP}/pull`, { max: count - receipts.length, waitMs: 5000 });
    receipts.push(...pulled.deliveries.map((d) => d.receipt));
  }
  return (await callApi('POST', `/v1/topics/${topic}/groups/${GROUP}/nack`, { receipts })).accepted.length;
}

const shot = (page, name) => saveShot(page, shots, name);

const { browser, page } = await openConsole(seen);
try {
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.accept(); });

  // without a token the page asks for one
  await logIn(page, base, token, async () => {
    seen.askedForToken = true;
    await shot(page, 'login');
  });

  // create a topic whose messages die on their first failure
  await page.fill('#create-topic input[name=name]', topic);
  await page.fill('#create-topic input[name=partitions]', '1');
  await page.fill('#create-topic input[name=maxAttempts]', '1');
  await page.click('#create-topic button[type=submit]');
  const row = page.locator(`tr[data-topic="${topic}"]`);
  await row.waitFor();
  seen.createdMessage = await page.locator('.message.ok').textContent();

  // its page: a group, then a publish that the backlog shows
  await row.locator('a').first().click();
  await page.locator('#create-group').waitFor();
  await page.fill('#create-group input[name=name]', GROUP);
  await page.click('#create-group button[type=submit]');
  const groupRow = page.locator(`tr[data-group="${GROUP}"]`);
  await groupRow.waitFor();
  seen.backlogBeforePublish = await groupRow.locator('td.backlog').textContent();
  await page.fill('#publish textarea[name=payload]', '{"poison": true, "note": "<b>not html</b>"}');
  await page.click('#publish button[type=submit]');
  await page.waitForFunction((g) => document.querySelector(`tr[data-group="${g}"] td.backlog`)?.textContent === '1', GROUP);
  seen.backlogAfterPublish = await groupRow.locator('td.backlog').textContent();
  seen.publishedMessage = await page.locator('.message.ok').textContent();
  await page.fill('#publish textarea[name=payload]', '{"second": true}');
  await page.click('#publish button[type=submit]');
  await page.waitForFunction((g) => document.querySelector(`tr[data-group="${g}"] td.backlog`)?.textContent === '2', GROUP);
  await page.fill('#publish textarea[name=payload]', '{"third": true}');
  await page.click('#publish button[type=submit]');
  await page.waitForFunction((g) => document.querySelector(`tr[data-group="${g}"] td.backlog`)?.textContent === '3', GROUP);
  // the charts: samples the page keeps, the newest backlog at the right; the rate saw the publishes
  await page.waitForFunction(() => document.querySelector('svg[data-chart=backlog]')?.dataset.last === '3');
  seen.backlogChart = await page.locator('svg[data-chart=backlog]').evaluate((c) => ({
    points: Number(c.dataset.points), last: c.dataset.last, lines: c.querySelectorAll('polyline').length }));
  seen.rateChartPeak = Number(await page.locator('svg[data-chart=rate]').getAttribute('data-peak'));
  // partitions: the owner node and the journal writes the publishes made
  const partition = page.locator('tr[data-partition="0"]');
  await page.waitForFunction(() => Number(document.querySelector('tr[data-partition="0"] td.journal-writes')?.textContent) > 0);
  seen.partition = await partition.evaluate((r) => ({ node: r.querySelector('td.node').title,
    shown: r.querySelector('td.node').textContent, writes: Number(r.querySelector('td.journal-writes').textContent),
    backlog: r.querySelector('td.backlog').textContent }));
  // browse the head of the backlog: the three, oldest first, and nothing is taken
  await page.selectOption('#browse select[name=group]', GROUP);
  await page.click('#browse button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#backlog tr[data-message]').length === 3);
  seen.browsed = await page.locator('#backlog tr[data-message] td.payload').allTextContents();
  seen.boldElementsInBrowse = await page.locator('#backlog td.payload b').count();
  await shot(page, 'topic');
  seen.backlogAfterBrowse = await groupRow.locator('td.backlog').textContent();
  seen.deliveredAfterBrowse = (await callApi('GET', `/v1/topics/${topic}`)).stats.groups[0].delivered;

  // a bad payload is refused in the page, and nothing is published
  await page.fill('#publish textarea[name=payload]', '{not json');
  await page.click('#publish button[type=submit]');
  seen.badPayloadMessage = await page.locator('.message.error').textContent();

  // the overview shows the backlog, refreshing by itself
  await page.click('header nav a');
  await page.waitForFunction((t) => document.querySelector(`tr[data-topic="${t}"] td.backlog`)?.textContent === '3', topic);
  seen.overviewBacklog = await row.locator('td.backlog').textContent();
  // the nodes of the cluster: this single node, up and reachable
  const member = page.locator('tr[data-node]');
  await member.first().waitFor();
  seen.nodes = await member.evaluateAll((rows) => rows.map((r) => ({
    status: r.querySelector('td.status').textContent, reach: r.querySelector('td.reach').textContent,
    notes: r.lastElementChild.textContent })));
  seen.firstChunkPanel = await page.locator('#first-chunk p').first().textContent();
  // a gateway pool defined at run time (its calls would wait for client workers): the panel lists it
  seen.poolDefined = (await callApi('PUT', '/v1/pools/console-model', { 'external-workers': true })).model;
  // real requests to a pool the test's worker serves: the requests panel shows them
  for (let i = 0; i < 3; i++) {
    const answer = await fetch(`${base}/v1/topics/${requestTopic}/requests?stream=false`, { method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: '*/*' },
      body: JSON.stringify({ payload: { prompt: `hello ${i}` } }) });
    seen.requestStatus = answer.status;
    await answer.arrayBuffer();
  }
  await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('#first-chunk p')?.textContent ?? ''));
  await page.locator('#tenants tr[data-tenant]').first().waitFor();
  await page.locator('#pools tr[data-pool]').first().waitFor();
  await page.waitForFunction(() => document.querySelector('#tenants tr[data-tenant="ops"] td.tokens')?.textContent === '21');
  seen.requestsPanel = {
    firstChunk: await page.locator('#first-chunk p').first().textContent(),
    completed: await page.locator('tr[data-outcome="completed"] td.count').textContent(),
    tenants: await page.locator('#tenants tr[data-tenant]').evaluateAll((rows) => rows.map((r) => ({
      tenant: r.dataset.tenant, started: r.querySelector('td.count').textContent,
      tokens: r.querySelector('td.tokens').textContent }))),
    pools: await page.locator('#pools tr[data-pool]').evaluateAll((rows) => rows.map((r) => ({
      model: r.dataset.pool, topic: r.children[1].textContent }))),
    streaming: await page.locator('#stream-rate p').first().textContent(),
  };
  await shot(page, 'overview-requests');

  // a worker fails the message: with maxAttempts 1 it becomes a dead letter, and the overview sees it
  // a pull may answer with the first delivery alone: pull until both came, then nack them
  seen.nacked = await failAll(3);
  await page.waitForFunction((t) => document.querySelector(`tr[data-topic="${t}"] td.dead-letters`)?.textContent === '3', topic);
  seen.overviewDeadLetters = await row.locator('td.dead-letters').textContent();
  await shot(page, 'overview');

  // the dead-letter page lists it with its reason and payload; replaying it empties the list
  await row.locator('td.dead-letters a').click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-message]').length === 3);
  const letter = page.locator('tr[data-message]').first();
  seen.deadLetterReason = await letter.locator('td.reason').textContent();
  seen.deadLetterPayload = await letter.locator('td.payload').textContent();
  seen.boldElementsInPayload = await letter.locator('td.payload b').count();
  // tick the third and replay just that one: the other two stay
  await page.locator('tr[data-message]', { hasText: '"third":true' }).locator('input.pick').check();
  await shot(page, 'dead-letters');
  await page.click('#replay-selected');
  await page.locator('.message.ok', { hasText: 'chosen' }).waitFor();
  seen.replaySelectedMessage = await page.locator('.message.ok').textContent();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-message]').length === 2);
  seen.leftAfterReplayingSelected = await page.locator('tr[data-message] td.payload').allTextContents();
  await page.click('#replay-oldest');
  await page.locator('.message.ok', { hasText: '(the oldest)' }).waitFor();
  seen.replayMessage = await page.locator('.message.ok').textContent();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-message]').length === 1);
  seen.leftAfterReplayingOldest = await page.locator('tr[data-message] td.payload').textContent();
  await page.click('#replay-all');
  await page.locator('.message.ok', { hasText: 'Replayed 1 dead letter to' }).waitFor();
  seen.replayAllMessage = await page.locator('.message.ok').textContent();
  await page.locator('#main .empty', { hasText: 'No dead letters.' }).waitFor();
  seen.deadLettersAfterReplay = await page.locator('tr[data-message]').count();
  await shot(page, 'dead-letters-replayed');

  // the replay went back to the group: its backlog shows it again
  await page.click(`#main h1 a`);
  await page.waitForFunction((g) => document.querySelector(`tr[data-group="${g}"] td.backlog`)?.textContent === '3', GROUP);
  seen.backlogAfterReplay = await groupRow.locator('td.backlog').textContent();

  // they fail again; this time the operator purges them: gone, and not back in the backlog
  await failAll(3);
  await page.click('#main .actions a');
  await page.waitForFunction(() => document.querySelectorAll('tr[data-message]').length === 3);
  await page.click('#purge-all');
  await page.locator('.message.ok', { hasText: 'Purged' }).waitFor();
  seen.purgeMessage = await page.locator('.message.ok').textContent();
  await page.locator('#main .empty', { hasText: 'No dead letters.' }).waitFor();
  seen.deadLettersAfterPurge = (await callApi('GET', `/v1/topics/${topic}/dead-letters`)).deadLetters.length;
  await page.click(`#main h1 a`);
  await groupRow.waitFor();
  seen.backlogAfterPurge = await groupRow.locator('td.backlog').textContent();

  // a consumer waiting in a long poll shows with its credit on the topic page
  const waiting = callApi('POST', `/v1/topics/${topic}/groups/${GROUP}/pull`, { max: 1, waitMs: 15000 });
  await page.locator('tr[data-consumer]').first().waitFor();
  seen.consumers = await page.locator('tr[data-consumer]').evaluateAll((rows) => rows.map((r) => ({
    group: r.dataset.consumerGroup, window: Number(r.querySelector('td.window').textContent),
    outstanding: r.querySelector('td.outstanding').textContent, balancing: r.children[1].textContent })));
  await shot(page, 'topic-consumers');
  await page.fill('#publish textarea[name=payload]', '{"wakes": "the poll"}');
  await page.click('#publish button[type=submit]');
  const woken = await waiting;
  await callApi('POST', `/v1/topics/${topic}/groups/${GROUP}/ack`, { receipts: woken.deliveries.map((d) => d.receipt) });

  // delete asks first, then the topic is gone from the overview
  await page.click('#delete-topic');
  await page.locator('#main h1', { hasText: 'Topics' }).waitFor();
  await page.waitForFunction((t) => !document.querySelector(`tr[data-topic="${t}"]`), topic);
  seen.dialogs = dialogs;
  seen.topicsAfterDelete = (await callApi('GET', '/v1/topics')).topics.map((t) => t.name);
  seen.tokenInSessionStorage = await page.evaluate(() => sessionStorage.getItem('switchboard.console.token') !== null);
  seen.tokenInLocalStorage = await page.evaluate(() => localStorage.length);
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
