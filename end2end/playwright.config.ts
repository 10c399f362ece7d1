import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium: Playwright cannot download a browser here. Flags keep it off the (closed) network.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;
/** The demo accounts' password for this test run (the app takes it from DANGXIAO_DEMO_PASSWORD). */
export const DEMO_PASSWORD = process.env.DANGXIAO_DEMO_PASSWORD ?? 'e2e-Demo-Passw0rd';

/** The server binary under test (the Makefile passes the browser tests' build), from the project root. */
export const serverBin = process.env.DANGXIAO_BIN ?? './target/release/dangxiao';

/** The environment of a test server: that binary on `port` over the SQLite file `dbFile`. */
export function serverEnv(port: number, dbFile: string): Record<string, string> {
  return {
    DATABASE_URL: `sqlite://${dbFile}`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: 'target/site',
    LEPTOS_SITE_PKG_DIR: 'pkg',
    LEPTOS_ENV: 'PROD',
    RUST_LOG: 'warn',
    DANGXIAO_DEMO_PASSWORD: DEMO_PASSWORD,
  };
}

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  use: { baseURL, launchOptions: chromium, locale: 'zh-CN', trace: 'off' },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
  ],
  // The server under test on a fresh SQLite file: started, migrated and loaded with the demo district.
  webServer: {
    command: `rm -rf target/e2e && ${serverBin} serve`,
    cwd: '..',
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: serverEnv(port, 'target/e2e/dangxiao.db'),
  },
});
