/**
 * Debian's Chromium, headless, driven by playwright-core (which brings no browser of its own):
 * for the dashboard's browser test and its screenshot script. Under CI=true a missing browser is
 * a failure (`.ci/run` installs the package); elsewhere the caller may skip with the reason.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Why no browser test can run here, or undefined when one can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}: under CI=true the browser tests must run`);
  return reason;
}

/** A headless browser (playwright gives it a throw-away profile). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: no background connections, no component updates.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
