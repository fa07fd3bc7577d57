// The dead-letter page: list, replay the oldest, the chosen ones or all, and purge.
import { api, cell, el, enc, table } from './dom.js';

const BATCH = 100; // the API's default, within switchboard.http.max-dead-letters unless set lower
// a consumer that fails replays at once sends them back to dead letters: Replay all must end
const ROUNDS = 100;
const PREVIEW_CHARS = 160;

function preview(message) {
  const text = message.payload !== undefined ? JSON.stringify(message.payload) : `base64: ${message.payloadBase64 ?? ''}`;
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Calls {@code path} in rounds of {@code BATCH} until a round does less; returns the sum of {@code field}. */
async function rounds(path, field) {
  let total = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const done = (await api('POST', path, { max: BATCH }))[field];
    total += done;
    if (done < BATCH) break;
  }
  return total;
}

/** Builds the page of {@code name}'s dead letters; returns its refresh. {@code act} runs an action. */
export function deadLettersPage(main, name, act) {
  const base = `/v1/topics/${enc(name)}/dead-letters`;
  const list = el('div');
  const box = el('div');
  const chosen = new Set(); // message ids ticked: kept across refreshes, which redraw the table
  const replayOldest = () => act(box, async () => {
    const { replayed } = await api('POST', `${base}/replay`, { max: 1 });
    return `Replayed ${plural(replayed, 'dead letter')} (the oldest) to the group that failed ${replayed === 1 ? 'it' : 'them'}`;
  });
  const replayChosen = () => act(box, async () => {
    if (chosen.size === 0) throw new Error('Tick the dead letters to replay first');
    const { replayed, notFound } = await api('POST', `${base}/replay`, { ids: [...chosen] });
    chosen.clear();
    const gone = notFound.length ? ` (${notFound.length} no longer there)` : '';
    return `Replayed ${plural(replayed, 'chosen dead letter')} to the group that failed ${replayed === 1 ? 'it' : 'them'}${gone}`;
  });
  const replayAll = () => {
    if (!confirm(`Send every dead letter of ${name} back to the group that failed it?`)) return;
    act(box, async () => {
      const total = await rounds(`${base}/replay`, 'replayed');
      return `Replayed ${plural(total, 'dead letter')} to the group that failed ${total === 1 ? 'it' : 'them'}`;
    });
  };
  const purgeAll = () => {
    if (!confirm(`Delete every dead letter of ${name} for good, without replaying them?`)) return;
    act(box, async () => {
      const total = await rounds(`${base}/purge`, 'purged');
      chosen.clear();
      return `Purged ${plural(total, 'dead letter')}`;
    });
  };
  main.replaceChildren(el('h1', {}, 'Dead letters of ', el('a', { href: `#/topic/${enc(name)}` }, name)),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'replay-selected', onclick: replayChosen }, 'Replay selected'),
      el('button', { type: 'button', id: 'replay-oldest', onclick: replayOldest }, 'Replay oldest'),
      el('button', { type: 'button', id: 'replay-all', onclick: replayAll }, 'Replay all'),
      el('button', { type: 'button', class: 'danger', id: 'purge-all', onclick: purgeAll }, 'Purge all')),
    el('p', { class: 'hint' }, 'Shows the oldest 100. A replay goes to the group that failed the message, and only to it; ' +
      'a purge removes dead letters for good.'),
    box, list);
  return async () => {
    // the API's default listing (the oldest 100): a page of payloads, not the whole pile
    const { deadLetters } = await api('GET', base);
    const listed = new Set(deadLetters.map((m) => m.id));
    [...chosen].filter((id) => !listed.has(id)).forEach((id) => chosen.delete(id));
    const rows = deadLetters.map((m) => el('tr', { 'data-message': m.id },
      el('td', {}, el('input', { type: 'checkbox', class: 'pick', 'aria-label': `choose ${m.id}`, checked: chosen.has(m.id),
        onchange: (event) => (event.target.checked ? chosen.add(m.id) : chosen.delete(m.id)) })),
      cell(m.id, 'id'),
      cell(m.headers['switchboard-dead-letter-reason'], 'reason'), cell(m.headers['switchboard-dead-letter-group']),
      cell(`${m.headers['switchboard-original-partition'] ?? '?'}/${m.headers['switchboard-original-offset'] ?? '?'}`),
      // a dead letter's createdAt is when it died: its retention counts from then
      cell(m.createdAt), cell(preview(m), 'payload')));
    list.replaceChildren(table([{ title: '' }, { title: 'Message' }, { title: 'Reason' }, { title: 'Group' },
      { title: 'Partition/offset' }, { title: 'Dead since' }, { title: 'Payload' }], rows, 'No dead letters.'));
  };
}
