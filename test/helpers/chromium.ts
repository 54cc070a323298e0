/**
 * Shared test helper: launch Debian's Chromium (or `CHROME_PATH`) with playwright-core, for
 * end-to-end tests, benches and screenshot scripts. Fails loudly when no Chromium is found.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Chromium. Throws a clear error (never skips) when the binary is missing. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROME_PATH.`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true, ...options });
}
