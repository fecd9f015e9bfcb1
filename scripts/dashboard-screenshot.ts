/**
 * `node --import tsx scripts/dashboard-screenshot.ts [out.png]`: the dashboard of the demo
 * history, as Debian's headless Chromium draws it, saved as a PNG (default docs/dashboard.png,
 * the one the README shows). Needs /usr/bin/chromium (apt-get install -y chromium).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumMissing, launchChromium } from '../tests/support/chromium.js';
import { demoDashboard } from '../tests/support/demo-dashboard.js';

const out = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs', 'dashboard.png'));
const missing = chromiumMissing();
if (missing !== undefined) {
  process.stderr.write(`dashboard-screenshot: ${missing}\n`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'dashboard-shot-'));
const demo = await demoDashboard(dir);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(demo.page);
  await page.waitForSelector('body[data-ready="true"] #timeline li');
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`dashboard-screenshot: ${out}\n`);
} finally {
  await browser.close();
  await demo.service.close();
  rmSync(dir, { recursive: true, force: true });
}
