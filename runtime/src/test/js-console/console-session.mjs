// What every console walk shares: Debian's headless Chromium, a page that records script errors,
// screenshots into the build's folder. console-browser.mjs and console-simulator.mjs use it.
import { chromium } from 'playwright-core';

/** Launches Chromium and opens a page whose errors land in {@code seen.pageErrors} and {@code seen.consoleErrors}. */
export async function openConsole(seen) {
  seen.pageErrors = [];
  seen.consoleErrors = [];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30000);
  page.on('pageerror', (error) => seen.pageErrors.push(error.message));
  page.on('console', (message) => {
    // the 401 that makes the page ask for a token is expected; anything else is a fault
    if (message.type() === 'error' && !message.text().includes('401')) seen.consoleErrors.push(`${message.text()} ${message.location().url}`);
  });
  return { browser, page };
}

/** Opens {@code /console} at {@code base}, which asks for a token, and gives it {@code token}. */
export async function logIn(page, base, token, beforeToken = async () => {}) {
  await page.goto(`${base}/console`);
  await page.locator('#login').waitFor({ state: 'visible' });
  await beforeToken();
  await page.fill('#token', token);
  await page.click('#login button[type=submit]');
  await page.locator('#main h1', { hasText: 'Topics' }).waitFor();
}

/** Saves a full-page screenshot as {@code <dir>/<name>.png}. */
export async function shot(page, dir, name) {
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
