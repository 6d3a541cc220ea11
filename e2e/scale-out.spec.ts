import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import {
  createTestDatabase,
  leaseHolderPid,
  startConsoleInstance,
  startRoundRobinProxy,
  type ConsoleInstance,
  type RoundRobinProxy,
  type TestDatabase,
} from "./support/cluster";
import { control, emulatorUrl } from "./support/control";
import { createStageInUi } from "./support/stages";

// Two console instances on one PostgreSQL database behind a round-robin proxy (README "Run several instances"):
// a session made on one is valid on the other, failed sign-ins count across both, a server action works on the
// instance that did not serve the page, and when the instance holding the observation lease dies the other
// takes over: the collector keeps the store fresh and push still reaches the browser.
//
// The instances are this spec's own processes (not playwright.config's webServer), started from the suite's
// production build (NEXT_DIST_DIR) against the suite's emulator. Ports: E2E_SCALE_PORT, +1, and +2 for the proxy.

const clusterUrl = process.env.TEST_DATABASE_URL?.trim() ?? "";
const basePort = Number(process.env.E2E_SCALE_PORT ?? 3126);
const proxyPort = basePort + 2;
const password = "scale-out-admin-password-7Tq4";

test.describe.configure({ mode: "serial" });
test.use({ baseURL: `http://127.0.0.1:${proxyPort}`, storageState: { cookies: [], origins: [] } });

let database: TestDatabase;
let instances: ConsoleInstance[] = [];
let proxy: RoundRobinProxy;
let stageName = "";

test.beforeAll(async ({}, testInfo) => {
  // CI runs PostgreSQL (scripts/pg-cluster.sh) and must run this spec; a local run without it skips it.
  test.skip(
    !clusterUrl && !process.env.CI,
    "TEST_DATABASE_URL is not set (export TEST_DATABASE_URL=$(scripts/pg-cluster.sh))",
  );
  expect(clusterUrl, "TEST_DATABASE_URL must be set in CI").not.toBe("");
  test.setTimeout(240_000);
  database = await createTestDatabase(clusterUrl);
  const env = {
    DATABASE_URL: database.url,
    // One key for every instance (and the build): server actions' encrypted arguments open on any of them.
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? "",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_PROFILE: "",
    IVS_ENDPOINT: emulatorUrl,
    CONSOLE_ADMIN_USER: "admin",
    CONSOLE_ADMIN_PASSWORD: password,
    CONSOLE_SIGNIN_MAX_FAILURES: "3",
  };
  const logDir = join(testInfo.project.outputDir, "scale-out-logs");
  // One after the other: the first migrates the empty database and creates the admin; the second finds both.
  for (const [i, port] of [basePort, basePort + 1].entries())
    instances.push(
      await startConsoleInstance({
        name: `console-${i}`,
        port,
        // A SQLite file of each instance's own, unused with DATABASE_URL: nothing is shared but PostgreSQL.
        env: { ...env, PORT: String(port), CONSOLE_DB_PATH: join(logDir, `console-${i}.db`) },
        logDir,
      }),
    );
  proxy = await startRoundRobinProxy(
    instances.map((instance) => instance.port),
    proxyPort,
  );
});

test.afterAll(async () => {
  for (const instance of instances) instance.kill("SIGKILL");
  await Promise.all(instances.map((instance) => instance.exited));
  instances = [];
  await proxy?.close();
  await database?.drop();
});

const leaseHolder = () => leaseHolderPid(database);

test("sessions and sign-in lockouts are shared; a server action works on the instance that did not serve the page", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Three wrong passwords for one user name, alternating between the instances, lock it on both.
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.goto("/sign-in");
    await page.getByLabel("User name").fill("nobody-scale");
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    proxy.pinNext(attempt % 2, (r) => r.action);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#sign-in-error")).toContainText(
      attempt < 2 ? /do not match an active account/ : /Too many failed sign-ins/,
    );
  }
  const failures = proxy.records.filter((r) => r.action && r.method === "POST");
  expect(new Set(failures.map((r) => r.backend))).toEqual(new Set([0, 1]));

  // Sign in on instance 0.
  await page.goto("/sign-in");
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(password);
  proxy.pinNext(0, (r) => r.action);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  expect(proxy.records.filter((r) => r.action).at(-1)?.backend).toBe(0);

  // The session is valid on both: pages served by each instance in turn are signed in.
  const since = Date.now();
  for (let i = 0; i < 4; i++) {
    proxy.pinNext(i % 2, (r) => r.method === "GET" && r.path.startsWith("/stages"));
    await page.goto("/stages?region=us-east-1");
    await expect(page.getByRole("button", { name: "Create stage" })).toBeVisible();
  }
  const pages = proxy.records.filter((r) => r.at >= since && r.method === "GET" && r.path.startsWith("/stages"));
  expect(new Set(pages.map((r) => r.backend))).toEqual(new Set([0, 1]));

  // A server action (Create stage) answered by instance 1, on the stages page instance 0 served.
  stageName = `scale-${Date.now().toString(36)}`;
  const before = proxy.records.length;
  proxy.pinNext(0, (r) => r.method === "GET" && r.path === "/stages?region=us-east-1");
  proxy.pinNext(1, (r) => r.action);
  await createStageInUi(page, stageName);
  const during = proxy.records.slice(before);
  expect(during.find((r) => r.method === "GET" && r.path === "/stages?region=us-east-1")?.backend).toBe(0);
  expect(during.find((r) => r.action)?.backend).toBe(1);
});

test("the instance holding the lease dies: the other takes over, the store stays fresh and push still arrives", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto("/sign-in");
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);

  // Exactly one instance observes: the lease names one of ours.
  const holder = await expect.poll(leaseHolder, { timeout: 30_000 }).not.toBeUndefined().then(leaseHolder);
  const pids = instances.map((instance) => instance.pid);
  expect(pids).toContain(holder);

  // A live session, read by the collector of the lease holder, on the page through the proxy.
  const stages = (await control("GET", "state?region=us-east-1")) as { stages?: { arn: string; name: string }[] };
  const stageArn = stages.stages?.find((s) => s.name === stageName)?.arn ?? "";
  expect(stageArn).not.toBe("");
  const first = await control("POST", "participants/join", { stageArn, userId: "before-failover" });
  const sessionId = String(first.sessionId);
  await page.goto(`/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}?region=us-east-1`);
  await expect(page.getByRole("row").filter({ hasText: "before-failover" })).toContainText("CONNECTED", {
    timeout: 30_000,
  });
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live: push", { timeout: 20_000 });

  // The holder dies without a word (SIGKILL: no release); the other takes the lease when it expires.
  const dead = instances.find((instance) => instance.pid === holder) as ConsoleInstance;
  const survivor = instances.find((instance) => instance.pid !== holder) as ConsoleInstance;
  const killedAt = Date.now();
  dead.kill("SIGKILL");
  await dead.exited;
  await expect.poll(leaseHolder, { timeout: 40_000, intervals: [250] }).toBe(survivor.pid);
  const failoverMs = Date.now() - killedAt;
  test.info().annotations.push({ type: "lease failover", description: `${failoverMs} ms` });
  expect(failoverMs).toBeLessThanOrEqual(30_000);

  // The survivor's collector keeps the store fresh, and the change is pushed to this tab (its stream now goes
  // to the survivor through the proxy).
  // (If the tab's stream was on the dead instance, the proxy cut it and the tab reconnected to the survivor.)
  const survivorIndex = instances.indexOf(survivor);
  const streamBackend = () => proxy.records.filter((r) => r.path.startsWith("/api/live")).at(-1)?.backend;
  await expect.poll(streamBackend, { timeout: 30_000 }).toBe(survivorIndex);
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live: push", { timeout: 30_000 });
  const joinedAt = Date.now();
  await control("POST", "participants/join", { stageArn, userId: "after-failover" });
  await expect(page.getByRole("row").filter({ hasText: "after-failover" })).toContainText("CONNECTED", {
    timeout: 30_000,
  });
  await expect
    .poll(() => proxy.changes.filter((c) => c.backend === survivorIndex && c.at >= joinedAt).length, {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  // The page that was open before the failover needed no reload.
  await expect(page.getByRole("row").filter({ hasText: "before-failover" })).toBeVisible();
});
