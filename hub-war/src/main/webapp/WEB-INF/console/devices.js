// Devices: search and page through the registry, create, enable, disable, rotate keys, delete;
// connection state and last activity arrive live over server-sent events.
import { api, feed } from './api.js';
import { $, el, ago, count, time } from './format.js';
import { may, notify, clearNotice, confirmAction, showConnectionString } from './app.js';

const PAGE_SIZE = 50;
let query = { q: '', state: 'any' };
let starts = [null]; // the continuation each visited page started at; the last is this page's
let next = null;
let rows = new Map();
let closeFeed = null;
let wired = false;
let agoTimer = null;

function params(extra = {}) {
  const p = new URLSearchParams({ q: query.q, state: query.state, top: String(PAGE_SIZE) });
  const start = starts[starts.length - 1];
  if (start) p.set('continuation', start);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

function stateCell(device) {
  const connected = device.connectionState === 'Connected';
  return el('span', { class: `state ${connected ? 'connected' : 'disconnected'}`, text: connected ? 'Online' : 'Offline' });
}

function activityCell(td, device) {
  td.replaceChildren(ago(device.lastActivityTime));
  td.title = time(device.lastActivityTime);
  td.dataset.time = device.lastActivityTime || '';
}

function row(device) {
  const id = device.deviceId;
  const tr = el('tr', { 'data-device': id });
  tr.append(
    el('td', {}, el('code', { text: id })),
    el('td', { class: device.status === 'disabled' ? 'status-disabled' : '', text: device.status }),
    el('td', { class: 'connection' }, stateCell(device)),
  );
  const activity = el('td', { class: 'activity' });
  activityCell(activity, device);
  tr.append(activity);
  if (may('RegistryWrite')) {
    const enabled = device.status === 'enabled';
    tr.append(
      el('td', { class: 'actions' },
        el('button', { type: 'button', class: 'secondary small', 'aria-label': `${enabled ? 'Disable' : 'Enable'} ${id}`,
          onclick: () => setStatus(id, enabled ? 'disable' : 'enable') }, enabled ? 'Disable' : 'Enable'),
        device.authType === 'sas'
          ? el('button', { type: 'button', class: 'secondary small', 'aria-label': `Rotate keys of ${id}`, onclick: () => rotate(id) }, 'Rotate keys')
          : null,
        el('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${id}`, onclick: () => remove(id) }, 'Delete')));
  }
  tr.device = device;
  return tr;
}

function render(page) {
  const body = $('devices-table').querySelector('tbody');
  rows = new Map();
  const fresh = page.devices.map((d) => {
    const tr = row(d);
    rows.set(d.deviceId, tr);
    return tr;
  });
  if (fresh.length === 0) {
    fresh.push(el('tr', {}, el('td', { colspan: may('RegistryWrite') ? 5 : 4, class: 'empty', text: 'No devices match.' })));
  }
  body.replaceChildren(...fresh);
  summarize(page);
}

function summarize(page) {
  next = page.continuation;
  const first = (starts.length - 1) * PAGE_SIZE;
  const shown = page.devices.length;
  $('devices-summary').textContent = shown === 0
    ? `No devices (${count(page.total)} match).`
    : `Devices ${count(first + 1)}–${count(first + shown)} of ${count(page.total)}${query.q ? ` matching "${query.q}"` : ''}.`;
  $('devices-next').disabled = !next;
  $('devices-prev').disabled = starts.length < 2;
  $('devices-first').disabled = starts.length < 2;
}

/** A live update: patch the rows in place (focus stays where it is) unless the page changed. */
function update(page) {
  const ids = page.devices.map((d) => d.deviceId);
  if (ids.length !== rows.size || ids.some((id) => !rows.has(id))) {
    if (!document.activeElement || !$('devices-table').contains(document.activeElement)) {
      render(page);
    }
    return;
  }
  for (const device of page.devices) {
    const tr = rows.get(device.deviceId);
    const before = tr.device;
    if (before.status !== device.status) {
      const fresh = row(device);
      tr.replaceWith(fresh);
      rows.set(device.deviceId, fresh);
      continue;
    }
    if (before.connectionState !== device.connectionState) {
      tr.querySelector('td.connection').replaceChildren(stateCell(device));
    }
    activityCell(tr.querySelector('td.activity'), device);
    tr.device = device;
  }
  summarize(page);
}

async function load() {
  if (closeFeed) closeFeed();
  try {
    render(await api('GET', `api/devices?${params()}`));
  } catch (e) {
    if (e.status !== 401) notify(`Could not list devices: ${e.message}`, true);
    return;
  }
  closeFeed = feed(`api/devices/live?${params()}`, 'devices', update,
    (reason) => notify(reason, true), (open) => { $('devices-live').hidden = !open; });
}

async function setStatus(id, action) {
  const tr = rows.get(id);
  try {
    const device = await api('POST', `api/devices/${encodeURIComponent(id)}/${action}`, undefined, { 'If-Match': tr.device.etag });
    notify(`Device ${id} ${device.status}.`);
    load();
  } catch (e) {
    if (e.status !== 401) notify(`Could not ${action} ${id}: ${e.message}`, true);
  }
}

async function rotate(id) {
  const ok = await confirmAction(`Rotate the keys of ${id}?`,
    `Both keys of device ${id} are replaced now: its agent disconnects and needs the new connection string.`, 'Rotate keys');
  if (!ok) return;
  try {
    const rotated = await api('POST', `api/devices/${encodeURIComponent(id)}/rotate-keys`, undefined, { 'If-Match': rows.get(id).device.etag });
    showConnectionString(`Device ${id} has new keys.`, rotated.connectionString);
    load();
  } catch (e) {
    if (e.status !== 401) notify(`Could not rotate the keys of ${id}: ${e.message}`, true);
  }
}

async function remove(id) {
  const ok = await confirmAction(`Delete device ${id}?`,
    `Device ${id} and its keys are deleted: its agent can no longer connect. This cannot be undone.`, 'Delete device');
  if (!ok) return;
  try {
    await api('DELETE', `api/devices/${encodeURIComponent(id)}`, undefined, { 'If-Match': rows.get(id).device.etag });
    notify(`Device ${id} deleted.`);
    load();
  } catch (e) {
    if (e.status !== 401) notify(`Could not delete ${id}: ${e.message}`, true);
  }
}

async function create(event) {
  event.preventDefault();
  const field = $('create-id');
  const id = field.value.trim();
  const error = $('create-error');
  error.hidden = true;
  if (!id) {
    error.textContent = 'Enter the new device\u2019s ID.';
    error.hidden = false;
    field.focus();
    return;
  }
  try {
    const created = await api('POST', 'api/devices', { deviceId: id });
    field.value = '';
    clearNotice();
    showConnectionString(`Device ${created.device.deviceId} was created. Give its agent this connection string.`, created.connectionString);
    load();
  } catch (e) {
    if (e.status === 401) return;
    error.textContent = `Could not create device: ${e.message}`;
    error.hidden = false;
    field.focus();
  }
}

function wire() {
  if (wired) return;
  wired = true;
  $('device-search').addEventListener('submit', (event) => {
    event.preventDefault();
    query = { q: $('search-text').value.trim(), state: $('search-state').value };
    starts = [null];
    load();
  });
  $('device-create').addEventListener('submit', create);
  $('devices-next').addEventListener('click', () => { if (next) { starts.push(next); load(); } });
  $('devices-prev').addEventListener('click', () => { if (starts.length > 1) { starts.pop(); load(); } });
  $('devices-first').addEventListener('click', () => { starts = [null]; load(); });
}

export function show() {
  wire();
  $('create-error').hidden = true;
  load();
  agoTimer = setInterval(() => {
    for (const tr of rows.values()) activityCell(tr.querySelector('td.activity'), tr.device);
  }, 5000);
}

export function hide() {
  if (closeFeed) closeFeed();
  closeFeed = null;
  clearInterval(agoTimer);
}
