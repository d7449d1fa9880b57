import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests: Debian's Chromium (no browser download) driving the built console served by
 * the built API on a fresh embedded PostgreSQL. Run with `npm run e2e` (builds first).
 */
const port = Number(process.env.E2E_PORT ?? 3311);
const root = resolve(__dirname, '..', '..');
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'stride-e2e-'));

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  outputDir: resolve(__dirname, '..', 'test-results', 'e2e'),
  reporter: [
    ['list'],
    ['html', { outputFolder: resolve(__dirname, '..', 'playwright-report'), open: 'never' }],
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node ${join(root, 'backend', 'dist', 'main.js')}`,
    url: `http://127.0.0.1:${port}/api/v1/health/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      STRIDE_DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      CONSOLE_DIR: join(root, 'frontend', 'dist', 'browser'),
      LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
    },
  },
});
