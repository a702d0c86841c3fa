// Audit: the stream history filtered by device, policy, outcome and time, newest first, with a
// CSV export of everything the filters select.
import { api } from './api.js';
import { $, el, bytes, duration, time } from './format.js';

let continuation = null;
let wired = false;

function filters() {
  const p = new URLSearchParams();
  const device = $('audit-device').value.trim();
  const policy = $('audit-policy').value.trim();
  const outcome = $('audit-outcome').value;
  const from = $('audit-from').value;
  const to = $('audit-to').value;
  if (device) p.set('device', device);
  if (policy) p.set('policy', policy);
  if (outcome) p.set('outcome', outcome);
  // datetime-local is the browser's local time; the hub takes ISO-8601 instants.
  if (from) p.set('from', new Date(from).toISOString());
  if (to) p.set('to', new Date(to).toISOString());
  return p;
}

function row(r) {
  const ended = r.closeCode ? `${r.closeCode}${r.closeReason ? ` ${r.closeReason}` : ''}` : (r.detail || '');
  return el('tr', { 'data-stream': r.streamId || '' },
    el('td', { text: time(r.time), title: r.time }),
    el('td', {}, el('code', { text: r.deviceId })),
    el('td', { text: r.name }),
    el('td', { text: r.requestedBy }),
    el('td', { class: `outcome-${r.outcome}`, text: r.outcome }),
    el('td', { class: 'num', text: r.pairedAt ? duration(r.durationSeconds) : '' }),
    el('td', { class: 'num', text: `${bytes(r.bytesFromDevice)} / ${bytes(r.bytesFromService)}` }),
    el('td', { class: 'ended', text: ended }));
}

async function load(more) {
  const p = filters();
  $('audit-csv').href = `api/audit/csv?${p}`;
  if (more && continuation) p.set('continuation', continuation);
  const error = $('audit-error');
  try {
    const page = await api('GET', `api/audit?${p}`);
    error.hidden = true;
    const body = $('audit-table').querySelector('tbody');
    const fresh = page.records.map(row);
    if (!more) {
      body.replaceChildren(...fresh);
      if (fresh.length === 0) body.append(el('tr', {}, el('td', { colspan: 8, class: 'empty', text: 'No stream records match.' })));
    } else {
      body.append(...fresh);
    }
    continuation = page.continuation;
    $('audit-more').hidden = !continuation;
  } catch (e) {
    if (e.status === 401) return;
    error.textContent = `Could not read the audit: ${e.message}`;
    error.hidden = false;
  }
}

export function show() {
  if (!wired) {
    wired = true;
    $('audit-filters').addEventListener('submit', (event) => {
      event.preventDefault();
      load(false);
    });
    $('audit-more').addEventListener('click', () => load(true));
  }
  load(false);
}

export function hide() {}
