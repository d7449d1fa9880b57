#!/usr/bin/env node
// Lighthouse (mobile, its default simulated throttling) on four screens of a running Stride:
// sign-in, patients, a patient's chart and outcomes, each run --runs times (default 3) in
// Debian's Chromium. Prints, per screen, the Performance score of every run and their median,
// the median Largest Contentful Paint and transfer size, and the text-compression audit
// (passing, or the bytes it says could be saved). Lighthouse's Performance score moves by tens of
// points between runs on a shared 2-core machine: compare medians of one sitting, and trust the
// byte-based audits.
//
//   npm ci --prefix tools/lighthouse          (once; its own lock, outside the workspaces)
//   node tools/lighthouse/audit.mjs --url http://127.0.0.1:3000 [--runs 3] [--json out.json]
//
// The URL is a Stride that serves the console and the API on one origin (npm start) with the
// demo clinic seeded; --email/--password pick another account (default: the demo owner).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    runs: { type: 'string', default: '3' },
    email: { type: 'string', default: 'owner@stride-demo.example' },
    password: { type: 'string', default: 'stride-demo-2026' },
    json: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
  },
});
if (!opts.url) {
  process.stderr.write('lighthouse audit: give the running Stride with --url http://127.0.0.1:PORT\n');
  process.exit(1);
}
const base = opts.url.replace(/\/$/, '');
const runs = Number(opts.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('lighthouse audit: --runs must be a whole number of at least 1\n');
  process.exit(1);
}

const chrome = await chromeLauncher.launch({
  chromePath: opts.chromium,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function audit(name, url, page) {
  const scores = [];
  const lcps = [];
  const bytes = [];
  let compression;
  let retries = 0;
  for (let i = 0; i < runs; i++) {
    // disableStorageReset keeps the refresh cookie of the signed-in session between runs; it also
    // keeps the HTTP cache, which is emptied here so every run loads the console cold.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        disableStorageReset: true,
      },
      undefined,
      page,
    );
    const lhr = result.lhr;
    if (lhr.runtimeError) {
      // NO_NAVSTART and its kin ("run Lighthouse again") come from a trace Chromium lost on a busy
      // machine; such a run is repeated, up to twice per screen.
      if (retries++ < 2) {
        process.stderr.write(`${name}: ${lhr.runtimeError.code}, running again\n`);
        i--;
        continue;
      }
      throw new Error(`${name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    }
    if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) {
      throw new Error(`${name}: the page ended at ${lhr.finalDisplayedUrl}, not ${url} (signed out?)`);
    }
    scores.push(Math.round((lhr.categories.performance.score ?? 0) * 100));
    lcps.push(lhr.audits['largest-contentful-paint'].numericValue);
    bytes.push(lhr.audits['total-byte-weight'].numericValue);
    const c = lhr.audits['uses-text-compression'];
    compression = {
      passing: c.score === 1,
      savingsKiB: Math.round((c.details?.overallSavingsBytes ?? 0) / 1024),
    };
  }
  return {
    screen: name,
    scores,
    performance: median(scores),
    lcpSeconds: Math.round(median(lcps) / 100) / 10,
    transferKiB: Math.round(median(bytes) / 1024),
    textCompression: compression,
  };
}

const results = [];
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
try {
  const page = await browser.newPage();
  // Signed out first: the sign-in screen as a new visitor sees it.
  results.push(await audit('sign-in', `${base}/sign-in`, page));

  await page.goto(`${base}/sign-in`, { waitUntil: 'networkidle0' });
  await page.type('input[formcontrolname="email"]', opts.email);
  await page.type('input[formcontrolname="password"]', opts.password);
  await Promise.all([
    page.waitForFunction(() => !location.pathname.startsWith('/sign-in'), { timeout: 30000 }),
    page.click('button[type="submit"]'),
  ]);
  await page.goto(`${base}/patients`, { waitUntil: 'networkidle0' });
  const chartPath = await page.$eval('a[href^="/patients/"]', (a) => a.getAttribute('href'));

  results.push(await audit('patients', `${base}/patients`, page));
  results.push(await audit('chart', `${base}${chartPath}`, page));
  results.push(await audit('outcomes', `${base}/outcomes`, page));
} finally {
  await browser.disconnect();
  await chrome.kill();
}

const pad = (s, n) => String(s).padEnd(n);
process.stdout.write(
  `Lighthouse ${runs}× per screen (mobile, simulated throttling) on ${base}\n` +
    `${pad('screen', 10)}${pad('performance (runs)', 24)}${pad('median', 8)}${pad('LCP s', 7)}${pad('KiB', 7)}text compression\n`,
);
for (const r of results) {
  const tc = r.textCompression.passing ? 'passing' : `failing, ${r.textCompression.savingsKiB} KiB to save`;
  process.stdout.write(
    `${pad(r.screen, 10)}${pad(r.scores.join(' '), 24)}${pad(r.performance, 8)}${pad(r.lcpSeconds, 7)}${pad(r.transferKiB, 7)}${tc}\n`,
  );
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2));
