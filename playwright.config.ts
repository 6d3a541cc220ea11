import { defineConfig, devices } from "@playwright/test";

// Ports of their own, so that tests never talk to a console or emulator started by `npm start`.
const emulatorPort = process.env.E2E_EMULATOR_PORT ?? "4610";
const consolePort = process.env.E2E_CONSOLE_PORT ?? "3100";

const env = {
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_REGION: "us-east-1",
  AWS_PROFILE: "",
  IVS_EMULATOR_PORT: emulatorPort,
  IVS_ENDPOINT: `http://127.0.0.1:${emulatorPort}`,
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? "",
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
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `npx tsx server/emulator/main.ts --port ${emulatorPort} --quotas off --allowed-origin http://127.0.0.1:${consolePort}`,
      url: `http://127.0.0.1:${emulatorPort}/_emulator/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env,
    },
    {
      command: `npx next start -p ${consolePort} -H 127.0.0.1`,
      url: `http://127.0.0.1:${consolePort}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      env,
    },
  ],
});
