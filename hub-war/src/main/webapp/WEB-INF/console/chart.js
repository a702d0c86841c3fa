// A small line chart in SVG: no library, no inline style (the console's CSP allows none).
const NS = 'http://www.w3.org/2000/svg';
const W = 360;
const H = 140;
const LEFT = 52;
const BOTTOM = 20;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws points [{t: Date, v: number}] into container; the SVG is an image whose name is the
 * caption (titleId) and whose description says the latest value and the peak.
 */
export function lineChart(container, titleId, points, format) {
  const max = Math.max(1, ...points.map((p) => p.v));
  const n = points.length;
  const x = (i) => LEFT + (n < 2 ? 0 : (i * (W - LEFT - 4)) / (n - 1));
  const y = (v) => 6 + (H - BOTTOM - 6) * (1 - v / max);
  const last = n ? points[n - 1].v : 0;
  const desc = `Latest ${format(last)}, peak ${format(n ? Math.max(...points.map((p) => p.v)) : 0)}, over the last ${n} samples.`;
  const root = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': `${titleId}-desc` });
  root.append(svg('desc', { id: `${titleId}-desc` }, desc));
  root.append(svg('line', { class: 'axis', x1: LEFT, y1: H - BOTTOM, x2: W, y2: H - BOTTOM }));
  root.append(svg('line', { class: 'axis', x1: LEFT, y1: 4, x2: LEFT, y2: H - BOTTOM }));
  root.append(svg('text', { x: LEFT - 4, y: 12, 'text-anchor': 'end' }, format(max)));
  root.append(svg('text', { x: LEFT - 4, y: H - BOTTOM, 'text-anchor': 'end' }, '0'));
  if (n > 0) {
    const first = points[0].t;
    const minutes = Math.round((points[n - 1].t - first) / 60000);
    root.append(svg('text', { x: LEFT, y: H - 4 }, minutes > 0 ? `${minutes} min ago` : 'now'));
    root.append(svg('text', { x: W - 2, y: H - 4, 'text-anchor': 'end' }, 'now'));
  }
  if (n > 1) {
    const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
    root.append(svg('path', { class: 'area', d: `${line} L${x(n - 1).toFixed(1)},${H - BOTTOM} L${LEFT},${H - BOTTOM} Z` }));
    root.append(svg('path', { class: 'line', d: line }));
  }
  container.replaceChildren(root);
}
