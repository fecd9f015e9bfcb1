// The dashboard page: reads GET /v1/dashboard and GET /v1/billing-agreements/{id}/timeline with the
// seller's API key (kept in this tab's sessionStorage; a #key=… fragment is taken and removed from
// the address bar), and draws the charts as SVG. Every text from the service is set with
// textContent, never parsed as HTML.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (selector) => document.querySelector(selector);

function el(name, attributes = {}, text) {
  const node = name.startsWith('svg:') ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "49,500" for "49500", "1,234.50" for "1234.50". */
function amount(text) {
  const [whole, fraction] = String(text).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

function takeKeyFromFragment() {
  const match = /^#key=(bek_[0-9a-f]{12}_[0-9a-f]{64})$/.exec(location.hash);
  if (match) {
    sessionStorage.setItem('billing-engine-key', match[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('billing-engine-key');
}

async function get(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem('billing-engine-key')}` } });
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(`${response.status} ${body.error}: ${body.message}`), { status: response.status });
  return body;
}

/** One horizontal bar per agreement: the share of its limit charged this month, the limit a dashed line. */
function drawSpending(rows) {
  const box = $('#spending .chart');
  box.replaceChildren();
  if (rows.length === 0) return void box.append(el('p', { class: 'muted' }, 'nothing charged this month'));
  const width = 500, label = 150, bar = 230, rowHeight = 24;
  const svg = el('svg:svg', { width, height: rows.length * rowHeight + 8, role: 'img', 'aria-label': 'spending against the limit' });
  rows.forEach((row, i) => {
    const y = i * rowHeight + 4;
    const share = Math.min(row.usedPercent, 100) / 100;
    const colour = row.usedPercent >= 100 ? 'var(--over)' : row.usedPercent >= 80 ? 'var(--near)' : 'var(--used)';
    svg.append(el('svg:text', { x: 0, y: y + 14 }, row.amazonBillingAgreementId));
    svg.append(el('svg:rect', { class: 'axis', x: label, y, width: bar, height: 18, fill: '#eef1f4' }));
    svg.append(el('svg:rect', { class: 'used', x: label, y, width: Math.round(bar * share), height: 18, fill: colour, 'data-agreement': row.amazonBillingAgreementId, 'data-percent': row.usedPercent }));
    svg.append(el('svg:line', { class: 'limit', x1: label + bar, x2: label + bar, y1: y - 2, y2: y + 20 }));
    svg.append(el('svg:text', { x: label + bar + 6, y: y + 14 }, `${row.usedPercent}%  ${amount(row.charged.amount)}`));
  });
  box.append(svg);
}

/** A column per month: what the seller charged (its first currency). */
function drawMonths(months) {
  const box = $('#months .chart');
  box.replaceChildren();
  const currency = months.flatMap((m) => m.charged.map((c) => c.currency))[0];
  const values = months.map((m) => Number(m.charged.find((c) => c.currency === currency)?.amount ?? 0));
  const top = Math.max(1, ...values);
  const column = 64, height = 160, top_ = 20;
  const svg = el('svg:svg', { width: months.length * column + 10, height: height + top_ + 24, role: 'img', 'aria-label': 'charged per month' });
  months.forEach((m, i) => {
    const h = Math.round((values[i] / top) * height);
    const x = i * column + 10;
    svg.append(el('svg:rect', { class: 'month', x, y: top_ + height - h, width: column - 16, height: h, fill: 'var(--used)', 'data-month': m.month, 'data-amount': values[i] }));
    svg.append(el('svg:text', { x, y: top_ + height + 18 }, m.month));
    svg.append(el('svg:text', { x, y: top_ + height - h - 5 }, values[i] === 0 ? '' : amount(String(values[i]))));
  });
  box.append(svg);
  if (currency) box.append(el('p', { class: 'muted' }, `${currency}, authorized and not declined`));
}

/** A bar per state with its count. */
function drawStates(states, paused) {
  const box = $('#states .chart');
  box.replaceChildren();
  const entries = Object.entries(states);
  const top = Math.max(1, ...entries.map(([, n]) => n));
  const svg = el('svg:svg', { width: 420, height: entries.length * 24 + 8, role: 'img', 'aria-label': 'agreements by state' });
  entries.forEach(([state, count], i) => {
    const y = i * 24 + 4;
    svg.append(el('svg:text', { x: 0, y: y + 14 }, state));
    svg.append(el('svg:rect', { class: 'state', x: 90, y, width: Math.round((count / top) * 260), height: 18, fill: 'var(--used)', 'data-state': state, 'data-count': count }));
    svg.append(el('svg:text', { x: 90 + Math.round((count / top) * 260) + 6, y: y + 14 }, String(count)));
  });
  box.append(svg);
  box.append(el('p', { class: 'muted' }, `${paused} paused`));
}

function drawNearest(rows) {
  const body = $('#nearest tbody');
  body.replaceChildren();
  for (const row of rows) {
    const tr = el('tr', { class: 'pick', 'data-agreement': row.amazonBillingAgreementId });
    tr.append(el('td', {}, row.amazonBillingAgreementId), el('td', { class: 'num' }, `${row.usedPercent}%`), el('td', { class: 'num' }, amount(row.charged.amount)), el('td', { class: 'num' }, amount(row.remaining.amount)));
    tr.addEventListener('click', () => showTimeline(row.amazonBillingAgreementId));
    body.append(tr);
  }
  if (rows.length === 0) {
    const tr = el('tr');
    tr.append(el('td', { colspan: 4, class: 'muted' }, 'nothing charged this month'));
    body.append(tr);
  }
}

async function showTimeline(id) {
  for (const tr of document.querySelectorAll('tr.pick')) tr.classList.toggle('selected', tr.dataset.agreement === id);
  $('#timeline-id').textContent = id;
  const list = $('#timeline ol');
  list.replaceChildren();
  const { events } = await get(`/v1/billing-agreements/${encodeURIComponent(id)}/timeline`);
  for (const e of events) {
    const li = el('li', { 'data-type': e.type });
    li.append(el('span', { class: 'when' }, `${e.at.replace('T', ' ').slice(0, 19)}  `), el('strong', {}, e.type), el('span', { class: 'muted' }, `  ${e.actor} via ${e.source}`));
    list.append(li);
  }
}

async function load() {
  document.body.dataset.ready = 'false';
  $('#problem').hidden = true;
  const month = $('#month').value;
  try {
    const data = await get(`/v1/dashboard${month ? `?month=${month}` : ''}`);
    $('#login').hidden = true;
    $('#board').hidden = false;
    $('#seller').textContent = `seller ${data.sellerId}`;
    $('#month').value = data.month;
    for (const node of document.querySelectorAll('.month-name')) node.textContent = data.month;
    drawSpending(data.spending);
    drawMonths(data.months);
    drawStates(data.states, data.paused);
    drawNearest(data.nearest);
    const first = data.nearest[0]?.amazonBillingAgreementId ?? data.spending[0]?.amazonBillingAgreementId;
    if (first) await showTimeline(first);
  } catch (error) {
    $('#problem').textContent = error.message;
    $('#problem').hidden = false;
    if (error.status === 401) {
      sessionStorage.removeItem('billing-engine-key');
      $('#board').hidden = true;
      $('#login').hidden = false;
    }
  }
  document.body.dataset.ready = 'true';
}

$('#key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem('billing-engine-key', $('#key').value.trim());
  void load();
});
$('#month').addEventListener('change', () => void load());

const asked = new URLSearchParams(location.search).get('month');
if (asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked)) $('#month').value = asked;

if (takeKeyFromFragment()) void load();
else {
  $('#login').hidden = false;
  document.body.dataset.ready = 'true';
}
