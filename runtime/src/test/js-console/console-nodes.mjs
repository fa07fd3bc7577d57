// Opens the console's overview on a node of a cluster and waits until the nodes panel shows
// <node> unreachable: node console-nodes.mjs <base url> <node address> <screenshot file>
// Prints one JSON line of what it saw; NodeReachabilityIT asserts on it.
import { chromium } from 'playwright-core';

const [base, frozen, shot] = process.argv.slice(2);
const seen = { pageErrors: [] };
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => seen.pageErrors.push(error.message));
  await page.goto(`${base}/console`);
  const row = page.locator(`tr[data-node="${frozen}"].node-unreachable`);
  await row.waitFor({ timeout: 60000 });
  seen.reach = await row.locator('td.reach').textContent();
  seen.status = await row.locator('td.status').textContent();
  seen.alert = await row.locator('td.reach').evaluate((td) => td.classList.contains('alert'));
  seen.others = await page.locator('tr[data-node]:not(.node-unreachable) td.reach').allTextContents();
  await page.screenshot({ path: shot, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
