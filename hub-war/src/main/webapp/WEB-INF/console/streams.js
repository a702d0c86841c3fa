// Streams: the active streams with their bytes and rates, live (one server-sent event a second);
// an operator can close one, which both sides and the audit learn as "closed by policy ...".
import { api, feed } from './api.js';
import { $, el, bytes, count, duration, rate } from './format.js';
import { may, notify, confirmAction } from './app.js';

let closeFeed = null;
let rows = new Map();

function cells(s) {
  return {
    age: duration(s.ageSeconds),
    fromDevice: bytes(s.bytesFromDevice),
    fromService: bytes(s.bytesFromService),
    rate: `${rate(s.rateFromDevice)} / ${rate(s.rateFromService)}`,
  };
}

function row(s) {
  const c = cells(s);
  const tr = el('tr', { 'data-stream': s.streamId },
    el('td', {}, el('code', { text: s.streamId.slice(0, 10), title: s.streamId })),
    el('td', {}, el('code', { text: s.deviceId })),
    el('td', { text: s.name }),
    el('td', { class: 'num age', text: c.age }),
    el('td', { class: 'num from-device', text: c.fromDevice, 'data-bytes': s.bytesFromDevice }),
    el('td', { class: 'num from-service', text: c.fromService, 'data-bytes': s.bytesFromService }),
    el('td', { class: 'num rate', text: c.rate }),
    el('td', { class: 'actions' },
      may('ServiceConnect')
        ? el('button', { type: 'button', class: 'danger small', 'aria-label': `Close stream ${s.streamId} to ${s.deviceId}`,
          onclick: () => closeStream(s) }, 'Close')
        : null));
  return tr;
}

function update(streams) {
  const body = $('streams-table').querySelector('tbody');
  const seen = new Set();
  for (const s of streams) {
    seen.add(s.streamId);
    const tr = rows.get(s.streamId);
    if (!tr) {
      const fresh = row(s);
      rows.set(s.streamId, fresh);
      body.append(fresh);
      continue;
    }
    const c = cells(s);
    tr.querySelector('.age').textContent = c.age;
    const fromDevice = tr.querySelector('.from-device');
    fromDevice.textContent = c.fromDevice;
    fromDevice.dataset.bytes = s.bytesFromDevice;
    const fromService = tr.querySelector('.from-service');
    fromService.textContent = c.fromService;
    fromService.dataset.bytes = s.bytesFromService;
    tr.querySelector('.rate').textContent = c.rate;
  }
  for (const [id, tr] of rows) {
    if (!seen.has(id)) {
      tr.remove();
      rows.delete(id);
    }
  }
  body.querySelector('tr.placeholder')?.remove();
  if (rows.size === 0) {
    body.append(el('tr', { class: 'placeholder' }, el('td', { colspan: 8, class: 'empty', text: 'No active streams.' })));
  }
  const total = streams.reduce((sum, s) => sum + s.rateFromDevice + s.rateFromService, 0);
  $('streams-summary').textContent = `${count(streams.length)} active stream${streams.length === 1 ? '' : 's'}, ${rate(total)} in all.`;
}

async function closeStream(s) {
  const ok = await confirmAction(`Close stream to ${s.deviceId}?`,
    `Stream ${s.streamId} (${s.name} on ${s.deviceId}) is closed at once on both sides, with close code 4008; the audit records that you closed it.`,
    'Close stream');
  if (!ok) return;
  try {
    await api('POST', `api/streams/${encodeURIComponent(s.streamId)}/close`);
    notify(`Stream ${s.streamId.slice(0, 10)} to ${s.deviceId} closed.`);
  } catch (e) {
    if (e.status !== 401) notify(`Could not close the stream: ${e.message}`, true);
  }
}

export function show() {
  rows = new Map();
  $('streams-table').querySelector('tbody').replaceChildren();
  $('streams-summary').textContent = 'Waiting for the first update…';
  closeFeed = feed('api/streams/live', 'streams', update, (reason) => notify(reason, true),
    (open) => { $('streams-live').hidden = !open; });
}

export function hide() {
  if (closeFeed) closeFeed();
  closeFeed = null;
}
