import { access } from 'node:fs/promises';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
} from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it), or
 * CHROMIUM_PATH. The browser tests skip with the reason printed when it is
 * not there; under CI=true they fail instead.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = await access(chromiumPath).then(
  () => true,
  () => false,
);

// CI installs Chromium (.ci/run): there a missing browser is a broken run, not a skip.
if (!hasChromium && process.env.CI === 'true') {
  throw new Error(
    `CI=true and no Chromium at ${chromiumPath}: the browser tests cannot run (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
}

/** Prints why a browser suite is skipped, when it is. */
export function warnWithoutChromium(suite: string): void {
  if (!hasChromium) {
    console.warn(
      `${suite} skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
  }
}

/**
 * Headless Chromium as it runs here: without the background-networking
 * switches it keeps reaching for Google's hosts, which this closed network
 * refuses, many at a time.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

let shared: Promise<Browser> | undefined;

/**
 * A fresh context (its own cookies, storage and pages) in this worker's one Chromium. The
 * browser files share a module cache (the `clients` project in vitest.config.ts), and each
 * launch cost about 1.8 s of CPU (the browser, its GPU process, a WebUI renderer) where a
 * context costs a page's worth. The file closes its context; Playwright ends the browser
 * with the worker's process.
 */
export async function chromiumContext(options?: BrowserContextOptions): Promise<BrowserContext> {
  shared ??= launchChromium();
  let browser = await shared;
  if (!browser.isConnected()) {
    shared = launchChromium();
    browser = await shared;
  }
  return browser.newContext(options);
}
