import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { crawlAccessKeyId, crawlSecretAccessKey } from "./e2e/support/credentials";

// Ports of their own, so that tests never talk to a console or emulator started by `npm start`.
const emulatorPort = process.env.E2E_EMULATOR_PORT ?? "4610";
const consolePort = process.env.E2E_CONSOLE_PORT ?? "3100";

// Sign-in for e2e: a fresh console database per run (a new temp folder), the first admin's password from the
// environment, and operator/viewer accounts created through the admin UI by e2e/support/auth.setup.ts. The
// values are computed once in the runner and inherited by workers through process.env.
process.env.E2E_AUTH_DIR ??= mkdtempSync(join(tmpdir(), `control-room-e2e-${consolePort}-`));
process.env.E2E_ADMIN_PASSWORD ??= "e2e-admin-password-4Kq9";
// The console signs with a distinctive extra key pair of the emulator (same account as test/test), so the
// secrets crawl can look for a secret that cannot occur by accident. Control-API calls keep `Bearer test:test`.

const shared = {
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_REGION: "us-east-1",
  AWS_PROFILE: "",
  IVS_EMULATOR_PORT: emulatorPort,
  IVS_ENDPOINT: `http://127.0.0.1:${emulatorPort}`,
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? "",
};

const emulatorEnv = {
  ...shared,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  IVS_EMULATOR_CREDENTIALS: `test:test:123456789012,${crawlAccessKeyId}:${crawlSecretAccessKey}:123456789012`,
};

// EventBridge push from the emulator to the console, as `npm start` wires it (a key of the test run's own).
const eventsApiKey = "e2e-eventbridge-key-7Hq2";

const consoleEnv = {
  ...shared,
  AWS_ACCESS_KEY_ID: crawlAccessKeyId,
  AWS_SECRET_ACCESS_KEY: crawlSecretAccessKey,
  CONSOLE_DB_PATH: join(process.env.E2E_AUTH_DIR, "console.db"),
  CONSOLE_ADMIN_USER: "admin",
  CONSOLE_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
  CONSOLE_EVENTS_API_KEY: eventsApiKey,
  // The alert specs' webhook receivers listen on 127.0.0.1.
  CONSOLE_WEBHOOK_ALLOW_PRIVATE: "1",
};

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  },
};

export default defineConfig({
  testDir: "./e2e",
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Separate output folders let parallel local runs coexist (E2E_OUTPUT_DIR, E2E_REPORT).
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  reporter: [["list"], ["json", { outputFile: process.env.E2E_REPORT ?? "reports/e2e.json" }]],
  use: { baseURL: `http://127.0.0.1:${consolePort}`, trace: "off", screenshot: "only-on-failure" },
  projects: [
    // Signs in as the first admin, creates the operator and viewer accounts, saves each role's storage state.
    { name: "accounts", testMatch: "support/auth.setup.ts", use: chromium },
    // Every spec runs signed in as admin unless it picks another role (`test.use({ role })`, e2e/support/auth.ts).
    {
      name: "chromium",
      dependencies: ["accounts"],
      use: { ...chromium, storageState: join(process.env.E2E_AUTH_DIR, "admin.json") },
    },
  ],
  webServer: [
    {
      command: `npx tsx server/emulator/main.ts --port ${emulatorPort} --quotas off --allowed-origin http://127.0.0.1:${consolePort} --eventbridge-target http://127.0.0.1:${consolePort}/api/events/eventbridge --eventbridge-api-key ${eventsApiKey}`,
      url: `http://127.0.0.1:${emulatorPort}/_emulator/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: emulatorEnv,
    },
    {
      command: `npx next start -p ${consolePort} -H 127.0.0.1`,
      // Any answer below 400 means ready: signed out, `/` redirects to the sign-in page.
      url: `http://127.0.0.1:${consolePort}/sign-in`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: consoleEnv,
    },
  ],
});
