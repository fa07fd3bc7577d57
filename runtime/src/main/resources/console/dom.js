// The console's small DOM and API helpers, shared by its pages.
export const TOKEN_KEY = 'switchboard.console.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(`${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
}

export function askForToken(reason) {
  document.getElementById('login').hidden = false;
  document.getElementById('login-reason').textContent = reason ?? '';
}

/** Calls the API with the token of this tab; throws ApiError with the API's code on a refusal. */
export async function api(method, path, body) {
  const response = await send(method, path, body);
  const json = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = json?.error ?? { code: `HTTP_${response.status}`, message: response.statusText };
    if (response.status === 401) askForToken(error.message);
    throw new ApiError(response.status, error.code, error.message);
  }
  return json;
}

/** Reads a text endpoint (the metrics) with the tab's token. */
export async function apiText(path) {
  const response = await send('GET', path);
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText);
  return response.text();
}

function send(method, path, body) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Builds an element; strings become text nodes, so names and payloads are never read as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return node;
}

export function table(columns, rows, emptyText) {
  if (rows.length === 0) return el('p', { class: 'empty' }, emptyText);
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { class: c.num ? 'num' : undefined }, c.title)))),
    el('tbody', {}, rows));
}

export function cell(value, className) {
  return el('td', { class: className }, value === undefined || value === null ? '' : String(value));
}

export const enc = encodeURIComponent;
export const sum = (items, field) => items.reduce((total, item) => total + (item[field] ?? 0), 0);

export function say(box, text, ok) {
  box.replaceChildren(el('div', { class: `message ${ok ? 'ok' : 'error'}` }, text));
}
