/**
 * The dashboard: its data endpoints (authenticated, one seller's only) and the page as a real
 * headless Chromium draws it from them, on the demo history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { newApiKey } from '../../infrastructure/auth/api-key-tokens.js';
import { chromiumMissing, launchChromium } from '../support/chromium.js';
import { demoDashboard, type DemoDashboard } from '../support/demo-dashboard.js';

const test = suite('dashboard');
let dir = '';
let demo: DemoDashboard;

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  demo = await demoDashboard(dir);
});
test.after(async () => {
  await demo.service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, token: string | null = demo.token): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${demo.service.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
}

interface Dashboard {
  spending: { amazonBillingAgreementId: string; usedPercent: number }[];
  months: { month: string; charged: { amount: string; currency: string }[] }[];
  states: Record<string, number>;
  nearest: { amazonBillingAgreementId: string }[];
}

test('the data: one seller’s month, last six months, states and nearest; a key required, other sellers see nothing of it', async () => {
  const { status, body } = await get('/v1/dashboard?month=2026-11');
  assert.is(status, 200);
  const data = body as unknown as Dashboard;
  assert.is(data.spending.length, 7);
  assert.equal(data.spending[0], { amazonBillingAgreementId: 'C03-1000001-0000007', month: '2026-11', limit: { amount: '50000', currency: 'JPY' }, charged: { amount: '45000', currency: 'JPY' }, remaining: { amount: '5000', currency: 'JPY' }, usedPercent: 90 });
  assert.equal(data.months.map((m) => [m.month, m.charged[0]?.amount ?? '0']), [['2026-06', '0'], ['2026-07', '0'], ['2026-08', '0'], ['2026-09', '36100'], ['2026-10', '37648'], ['2026-11', '58120']]);
  assert.equal(data.states, { Draft: 0, Open: 5, Suspended: 1, Canceled: 1, Closed: 1 });
  assert.is(data.nearest.length, 5);
  assert.is((await get('/v1/dashboard?month=2026-11', null)).status, 401);
  assert.equal([(await get('/v1/dashboard?month=2026-13')).status, (await get('/v1/dashboard?month=2026-13')).body['field']], [400, 'month']);
  const { token, record } = newApiKey('AOTHERSELLER', 'other', 'operator', '2026-11-20T00:00:00.000Z');
  await demo.service.apiKeys.create(record);
  const other = (await get('/v1/dashboard?month=2026-11', token)).body as unknown as Dashboard;
  assert.equal([other.spending, other.nearest, Object.values(other.states).reduce((a, b) => a + b, 0)], [[], [], 0]);
  assert.is((await get('/v1/billing-agreements/C03-1000001-0000007/timeline', token)).status, 404, 'another seller’s timeline is not found');
  const timeline = (await get('/v1/billing-agreements/C03-1000001-0000007/timeline')).body as { events: { type: string }[] };
  assert.is(timeline.events[0]?.type, 'BillingAgreementCreated');
});

test('the page is a static file under a strict Content-Security-Policy; it holds no data', async () => {
  const page = await get('/dashboard', null);
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  assert.not.match(String(page.body['text']), /C03-|A1DEMOSELLER/);
  assert.is((await get('/dashboard/app.js', null)).status, 200);
});

test('headless Chromium draws what the data says, takes the key out of the address bar, and follows a click to another timeline', async () => {
  const missing = chromiumMissing();
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const data = (await get('/v1/dashboard?month=2026-11')).body as unknown as Dashboard;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(demo.page);
    await page.waitForSelector('body[data-ready="true"] #timeline li');
    assert.equal(problems, [], 'no script errors, nothing the CSP blocked');
    assert.is(new URL(page.url()).hash, '', 'the key is not left in the address bar');
    assert.is(await page.textContent('#seller'), 'seller A1DEMOSELLER');
    const bars = await page.$$eval('#spending rect.used', (rects) => rects.map((r) => [r.getAttribute('data-agreement'), Number(r.getAttribute('data-percent')), Number(r.getAttribute('width'))]));
    assert.equal(bars.map(([id, percent]) => [id, percent]), data.spending.map((r) => [r.amazonBillingAgreementId, r.usedPercent]));
    assert.is(bars[0]?.[2], Math.round(230 * 0.9), 'the 90 % bar is 90 % of the track');
    const months = await page.$$eval('#months rect.month', (rects) => rects.map((r) => [r.getAttribute('data-month'), Number(r.getAttribute('data-amount')), Number(r.getAttribute('height'))]));
    assert.equal(months.map(([m, amount]) => [m, amount]), data.months.map((m) => [m.month, Number(m.charged[0]?.amount ?? 0)]));
    assert.is(months.at(-1)?.[2], 160, 'the largest month is the full height');
    const states = await page.$$eval('#states rect.state', (rects) => Object.fromEntries(rects.map((r) => [r.getAttribute('data-state'), Number(r.getAttribute('data-count'))])));
    assert.equal(states, data.states);
    assert.equal(await page.$$eval('#nearest tbody tr', (rows) => rows.map((r) => r.getAttribute('data-agreement'))), data.nearest.map((r) => r.amazonBillingAgreementId));
    const timelineOf = async (id: string) => ((await get(`/v1/billing-agreements/${id}/timeline`)).body as { events: { type: string }[] }).events.map((e) => e.type);
    assert.equal(await page.$$eval('#timeline li', (items) => items.map((li) => li.getAttribute('data-type'))), await timelineOf('C03-1000001-0000007'));
    await page.click('#nearest tr[data-agreement="C03-1000001-0000003"]');
    // Waited for by selectors: the page's CSP forbids evaluating strings (a test of it, too).
    await page.waitForSelector('#timeline-id:text-is("C03-1000001-0000003")');
    await page.locator('#timeline li').nth((await timelineOf('C03-1000001-0000003')).length - 1).waitFor();
    assert.equal(await page.$$eval('#timeline li', (items) => items.map((li) => li.getAttribute('data-type'))), await timelineOf('C03-1000001-0000003'));

    // Without a key: the form, nothing drawn; with a wrong one: the service's refusal, the form again.
    const fresh = await browser.newPage();
    await fresh.goto(`${demo.service.url}/dashboard`);
    await fresh.waitForSelector('body[data-ready="true"]');
    assert.ok(await fresh.isVisible('#key-form'));
    assert.not.ok(await fresh.isVisible('#board'));
    await fresh.fill('#key', `bek_000000000000_${'0'.repeat(64)}`);
    await fresh.click('#key-form button');
    await fresh.waitForSelector('#problem:not([hidden])');
    assert.match((await fresh.textContent('#problem')) ?? '', /^401 Unauthorized: unknown API key/);
    assert.ok(await fresh.isVisible('#key-form'));
  } finally {
    await browser.close();
  }
});

test.run();
