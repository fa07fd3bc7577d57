// Charts of the last minutes (switchboard.console.chart-window), drawn as inline SVG from samples the page keeps (no library):
// every refresh of the overview or a topic page adds one sample per topic.
// switchboard.console.chart-window and refresh-interval, put in the page by the node
const WINDOW_MS = Number(document.body.dataset.chartWindowMs) || 5 * 60 * 1000;
const SHORTEST_SPAN_MS = 30 * 1000; // a page just opened draws its first seconds wide, not as a sliver at the edge
// one sample per refresh, with room for the overview and a topic page both sampling
const MAX_SAMPLES = Math.ceil((2 * WINDOW_MS) / (Number(document.body.dataset.refreshMs) || 2000)) + 1;
const WIDTH = 520;
const HEIGHT = 120;
const PAD = { left: 44, right: 8, top: 10, bottom: 18 };
const SVG = 'http://www.w3.org/2000/svg';
const samples = new Map(); // topic -> [{at, published, backlog, rate}]

/** Adds a sample of {@code topic} at {@code at}; the publish rate is the difference to the one before. */
export function record(topic, at, published, backlog) {
  const list = samples.get(topic) ?? [];
  const before = list[list.length - 1];
  if (before && at <= before.at) return; // two pages read at once: keep the first
  const rate = before ? Math.max(0, ((published - before.published) * 1000) / (at - before.at)) : null;
  list.push({ at, published, backlog, rate });
  while (list.length > MAX_SAMPLES || (list.length > 0 && list[0].at < at - WINDOW_MS)) list.shift();
  samples.set(topic, list);
}

/** Returns the latest publish rate of {@code topic}, or null before its second sample. */
export function latestRate(topic) {
  const list = samples.get(topic) ?? [];
  return list.length ? list[list.length - 1].rate : null;
}

/** Returns the samples of {@code topic}, oldest first. */
export function history(topic) {
  return samples.get(topic) ?? [];
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws {@code field} of the samples kept (up to the chart window), the newest at the right edge.
 * The chart carries its last value, highest value and point count in {@code data-last},
 * {@code data-peak} and {@code data-points}.
 */
export function lineChart(name, title, points, field, now) {
  const values = points.filter((p) => p[field] !== null && p[field] !== undefined);
  const top = Math.max(1, ...values.map((p) => p[field]));
  const span = Math.min(WINDOW_MS, Math.max(SHORTEST_SPAN_MS, values.length ? now - values[0].at : 0));
  const x = (at) => PAD.left + ((at - (now - span)) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const last = values.length ? values[values.length - 1][field] : null;
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT,
    role: 'img', 'aria-label': title, 'data-chart': name, 'data-points': values.length, 'data-last': last ?? '',
    'data-peak': values.length ? Math.max(...values.map((p) => p[field])) : '' });
  chart.append(
    svg('line', { class: 'axis', x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom }),
    svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom }),
    svg('text', { class: 'tick', x: PAD.left - 4, y: PAD.top + 8, 'text-anchor': 'end' }, format(top)),
    svg('text', { class: 'tick', x: PAD.left - 4, y: HEIGHT - PAD.bottom, 'text-anchor': 'end' }, '0'),
    svg('text', { class: 'tick', x: PAD.left, y: HEIGHT - 4 }, `−${ago(span)}`),
    svg('text', { class: 'tick', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end' }, 'now'));
  if (values.length) {
    const line = values.map((p) => `${x(p.at).toFixed(1)},${y(p[field]).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { class: 'series', points: line }));
  }
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = `${title}: ${last === null ? '…' : format(last)}`;
  figure.append(caption, chart);
  return figure;
}

function ago(ms) {
  return ms >= 60000 ? `${(ms / 60000).toFixed(ms % 60000 ? 1 : 0)} min` : `${Math.round(ms / 1000)} s`;
}

function format(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * Draws lines over any numeric x (virtual seconds, a swept value): {@code lines} is a list of
 * {label, points: [[x, y], ...]}. The chart carries its line count, the first line's point count,
 * last and highest value in {@code data-lines}, {@code data-points}, {@code data-last} and {@code data-peak}.
 */
export function plot(name, title, lines, xLabel, formatY = format) {
  const all = lines.flatMap((l) => l.points);
  const xs = all.map((p) => p[0]);
  const left = Math.min(...xs);
  const right = Math.max(left + 1e-9, ...xs);
  const top = Math.max(1e-9, ...all.map((p) => p[1]));
  const x = (v) => PAD.left + ((v - left) / (right - left)) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const first = lines[0]?.points ?? [];
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT,
    role: 'img', 'aria-label': title, 'data-chart': name, 'data-lines': lines.length, 'data-points': first.length,
    'data-last': first.length ? first[first.length - 1][1] : '', 'data-peak': all.length ? top : '' });
  chart.append(
    svg('line', { class: 'axis', x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom }),
    svg('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom }),
    svg('text', { class: 'tick', x: PAD.left - 4, y: PAD.top + 8, 'text-anchor': 'end' }, formatY(top)),
    svg('text', { class: 'tick', x: PAD.left - 4, y: HEIGHT - PAD.bottom, 'text-anchor': 'end' }, formatY(0)),
    svg('text', { class: 'tick', x: PAD.left, y: HEIGHT - 4 }, all.length ? format(left) : ''),
    svg('text', { class: 'tick', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end' },
      all.length ? `${format(right)} ${xLabel}` : xLabel));
  lines.forEach((line, i) => {
    if (!line.points.length) return;
    const points = line.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { class: `series series-${i}`, points, 'data-label': line.label }));
  });
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = lines.length > 1 ? `${title} (${lines.map((l, i) => `${['blue', 'orange', 'green'][i] ?? ''} ${l.label}`).join(', ')})` : title;
  figure.append(caption, chart);
  return figure;
}
