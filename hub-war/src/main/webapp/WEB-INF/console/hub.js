// Hub: health and key figures, with small charts of the last half hour, refreshed every 10 s.
import { api } from './api.js';
import { $, el, bytes, count, rate, time } from './format.js';
import { notify } from './app.js';
import { lineChart } from './chart.js';

let timer = null;

function figure(name, value) {
  return el('div', {}, el('dt', { text: name }), el('dd', { text: value }));
}

function render(report) {
  const health = $('hub-health');
  health.textContent = report.health;
  health.className = `badge ${report.health.toLowerCase()}`;
  health.title = report.down.length ? `Failing: ${report.down.join(', ')}` : '';
  $('hub-started').textContent = `Running since ${time(report.startedAt)}.`;
  $('hub-figures').replaceChildren(
    figure('Devices registered', count(report.devicesRegistered)),
    figure('Devices connected', count(report.devicesConnected)),
    figure('Active streams', count(report.streamsActive)),
    figure('Pending streams', count(report.streamsPending)),
    figure('Streams opened', count(report.streamsOpened)),
    figure('Bytes relayed', bytes(report.bytesRelayed)));
  const points = (pick) => report.history.map((p) => ({ t: new Date(p.at), v: pick(p) }));
  lineChart($('chart-devices'), 'chart-devices-title', points((p) => p.devicesConnected), (v) => count(Math.round(v)));
  lineChart($('chart-opened'), 'chart-opened-title', points((p) => p.streamsOpenedPerMinute), (v) => count(Math.round(v)));
  lineChart($('chart-bytes'), 'chart-bytes-title', points((p) => p.bytesPerSecond), rate);
}

async function load() {
  try {
    render(await api('GET', 'api/hub'));
  } catch (e) {
    if (e.status !== 401) notify(`Could not read the hub's figures: ${e.message}`, true);
  }
}

export function show() {
  load();
  timer = setInterval(load, 10000);
}

export function hide() {
  clearInterval(timer);
  timer = null;
}
