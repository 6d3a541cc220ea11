import AxeBuilder from "@axe-core/playwright";
import {
  CreateIngestConfigurationCommand,
  CreateStageCommand,
  GetStageCommand,
  IVSRealTimeClient,
} from "@aws-sdk/client-ivs-realtime";
import type { APIRequestContext, Page } from "@playwright/test";
import { accounts, expect, signIn, storageStatePath, test, type Account, type E2eRole } from "./support/auth";

/**
 * Sign-in, roles, the audit trail and the security headers, in Chromium against the emulator. Server actions
 * are also replayed outside the UI (as a browser or a script could) with other roles' cookies: the server must
 * refuse what the UI hides.
 */
const emulator = `http://127.0.0.1:${process.env.E2E_EMULATOR_PORT ?? "4610"}`;
const baseURL = `http://127.0.0.1:${process.env.E2E_CONSOLE_PORT ?? "3100"}`;
const ivs = new IVSRealTimeClient({
  endpoint: emulator,
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
/** Alerts of the page itself (Next's route announcer is an always-present, usually empty, alert). */
/** A browser or request context with no cookies (new contexts otherwise inherit the project's admin session). */
const signedOut = { cookies: [], origins: [] };
const alertOf = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');
const stagePath = (arn: string) => `/stages/${encodeURIComponent(arn)}?region=us-east-1`;

async function createStageWithSdk(name: string): Promise<string> {
  const { stage } = await ivs.send(new CreateStageCommand({ name }));
  if (!stage?.arn) throw new Error("CreateStage returned no stage");
  return stage.arn;
}

async function stageExists(arn: string): Promise<boolean> {
  try {
    await ivs.send(new GetStageCommand({ arn }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "ResourceNotFoundException") return false;
    throw error;
  }
}

interface CapturedAction {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Lets the UI send one server action, captures it and stops it before it reaches the server. */
async function captureAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  let captured: CapturedAction | undefined;
  await page.route("**/*", async (route) => {
    const request = route.request();
    const headers = request.headers();
    if (!captured && request.method() === "POST" && headers["next-action"]) {
      captured = { url: request.url(), headers, body: request.postData() ?? "" };
      await route.abort();
    } else await route.fallback();
  });
  await trigger();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute("**/*");
  if (!captured) throw new Error("no server action was sent");
  return captured;
}

/** Sends a captured server action again, as `who` (a role's saved session, or signed out); returns the answer's text. */
async function replay(
  request: { newContext: (options: object) => Promise<APIRequestContext> },
  action: CapturedAction,
  who: E2eRole | "anonymous",
): Promise<string> {
  // An explicit storage state each time: otherwise the project's default (the admin's session) would apply.
  const context = await request.newContext({
    baseURL,
    storageState: who === "anonymous" ? signedOut : storageStatePath(who),
  });
  const keep = ["next-action", "content-type", "next-router-state-tree", "accept"];
  const headers = Object.fromEntries(Object.entries(action.headers).filter(([name]) => keep.includes(name)));
  const response = await context.post(action.url, { headers: { ...headers, origin: baseURL }, data: action.body });
  const text = await response.text();
  await context.dispose();
  return text;
}

interface ExportedRecord {
  at: string;
  username: string | null;
  role: string | null;
  operation: string;
  target: string | null;
  outcome: string;
  errorCode: string | null;
  account: string | null;
  region: string | null;
  requestId: string | null;
  input: string | null;
}

async function auditSince(page: Page, since: string): Promise<ExportedRecord[]> {
  const response = await page.request.get(`/audit/export?format=json&from=${encodeURIComponent(since)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { records: ExportedRecord[] }).records;
}

const count = (records: readonly ExportedRecord[], match: Partial<ExportedRecord>) =>
  records.filter((record) =>
    Object.entries(match).every(([key, value]) => record[key as keyof ExportedRecord] === value),
  ).length;

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  expect(
    serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

const protectedPages = [
  "/",
  "/stages",
  "/stages/arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3Astage%2FAbCdEfGh1234",
  "/compositions",
  "/configurations",
  "/public-keys",
  "/admin/users",
  "/audit",
  "/designer",
  "/find-user",
];

test.describe("signed out", () => {
  test.use({ role: "anonymous" });

  test("every page sends to the sign-in page (and back); route handlers answer 401; cross-site sign-out is refused", async ({
    page,
    request,
  }) => {
    for (const path of protectedPages) {
      const response = await request.get(`${path}?region=us-east-1`, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers().location, path).toBe(`/sign-in?next=${encodeURIComponent(`${path}?region=us-east-1`)}`);
    }
    for (const path of [
      "/api/ivs/ListStages?region=us-east-1",
      "/api/overview?region=us-east-1",
      "/api/presets",
      "/audit/export?format=csv",
    ]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(401);
      expect(await response.json(), path).toMatchObject({ error: { code: "Unauthenticated" } });
    }
    const crossSite = await request.post("/sign-out", {
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);

    // Past the proxy (a forged cookie), the page's own check still refuses and sends to sign-in.
    await page.context().addCookies([{ name: "control-room-session", value: "A".repeat(43), url: baseURL }]);
    await page.goto("/configurations?region=us-east-1");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fconfigurations%3Fregion%3Dus-east-1$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await expectNoSeriousAxeViolations(page);
  });

  test("sign-in: wrong password, then a new session id (no fixation), back where the user was; sign-out ends the session", async ({
    page,
    browser,
  }) => {
    const operator = accounts().operator;
    const planted = "P".repeat(43); // an id an attacker planted in the victim's browser
    await page.context().addCookies([{ name: "control-room-session", value: planted, url: baseURL }]);
    await page.goto("/stages?region=us-east-1");
    await expect(page).toHaveURL(/\/sign-in\?next=/);

    await page.getByLabel("User name").fill(operator.username);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alertOf(page)).toHaveText("That user name and password do not match an active account.");
    await expect(page.getByLabel("Password")).toHaveValue(""); // React resets the form once the action settles

    await page.getByLabel("Password").fill(operator.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/stages?region=us-east-1`);
    await expect(page.getByRole("heading", { level: 1, name: "Stages" })).toBeVisible();
    await expect(page.getByTestId("user-role")).toHaveText("Operator");
    const session = (await page.context().cookies()).find((cookie) => cookie.name === "control-room-session");
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session?.value).not.toBe(planted);
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in\?signed-out=1$/);
    await expect(page.getByRole("status")).toHaveText("You are signed out.");
    expect((await page.context().cookies()).some((cookie) => cookie.name === "control-room-session")).toBe(false);

    // The old id is dead on the server, not only forgotten by this browser.
    const replayed = await browser.newContext({ baseURL, storageState: signedOut });
    await replayed.addCookies([{ name: "control-room-session", value: session?.value ?? "", url: baseURL }]);
    const again = await replayed.newPage();
    await again.goto("/stages?region=us-east-1");
    await expect(again).toHaveURL(/\/sign-in\?next=/);
    expect((await again.request.get("/api/ivs/ListStages?region=us-east-1")).status()).toBe(401);
    await replayed.close();
  });

  test("five failed sign-ins lock the user name with a message", async ({ page }) => {
    const username = unique("e2e-lockout");
    await page.goto("/sign-in");
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel("User name").fill(username);
      await page.getByLabel("Password").fill(`guess-number-${attempt}`);
      // One attempt at a time: wait for the server's answer before the next.
      await Promise.all([
        page.waitForResponse((response) => response.request().method() === "POST"),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await expect(alertOf(page)).toHaveText(
        attempt < 5
          ? "That user name and password do not match an active account."
          : "Too many failed sign-ins. Sign-in is locked for this account: try again in 15 minutes.",
      );
      await expect(page.getByLabel("Password")).toHaveValue(""); // React resets the form once the action settles
    }
  });
});

test.describe("viewer", () => {
  test.use({ role: "viewer" });
  let stageArn: string;
  let ingestName: string;

  test.beforeAll(async () => {
    stageArn = await createStageWithSdk(unique("viewer-stage"));
    ingestName = unique("viewer-ingest");
    await ivs.send(new CreateIngestConfigurationCommand({ name: ingestName, ingestProtocol: "RTMPS", stageArn }));
  });

  test("sees everything but no control that changes anything; admin pages refuse", async ({ page }) => {
    await page.goto("/stages?region=us-east-1");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Stages" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
    await expect(page.getByTestId("user-role")).toHaveText("Viewer");
    await expect(page.getByRole("heading", { level: 1, name: "Stages" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create stage" })).toHaveCount(0);

    await page.goto(stagePath(stageArn));
    await expect(page.getByRole("heading", { name: "Endpoints" })).toBeVisible();
    for (const name of ["Rename", "Delete stage", "Create token"])
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Participant tokens" })).toHaveCount(0);

    await page.goto("/configurations?region=us-east-1");
    for (const name of [
      "Create encoder configuration",
      "Create storage configuration",
      "Create ingest configuration",
    ]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
    await expect(page.getByRole("button", { name: `Delete ${ingestName}` })).toHaveCount(0);
    await page.getByRole("button", { name: `Details of ${ingestName}` }).click();
    const details = page.getByRole("dialog", { name: `Ingest configuration ${ingestName}` });
    await expect(details.getByTestId("stream-key")).toHaveText(/••••••••$/);
    await expect(details.getByRole("button", { name: "Reveal stream key" })).toHaveCount(0);
    await expect(details.getByRole("button", { name: /^(Move|Attach|Detach from stage)$/ })).toHaveCount(0);
    await expect(details.getByRole("button", { name: /Save|Add tag/ })).toHaveCount(0);
    await expect(details.getByRole("heading", { name: `Tags of ${ingestName}` })).toBeVisible();

    await page.goto("/public-keys?region=us-east-1");
    await expect(page.getByRole("heading", { level: 1, name: "Public keys" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Import public key" })).toHaveCount(0);

    // A live session: the viewer sees the participant, but no Disconnect, no replication start, no composition start.
    const joined = await fetch(`${emulator}/_emulator/participants/join`, {
      method: "POST",
      headers: { authorization: "Bearer test:test", "content-type": "application/json" },
      body: JSON.stringify({ region: "us-east-1", stageArn, userId: "viewer-sees-me", publish: true }),
    });
    expect(joined.ok).toBe(true);
    const { participantId, sessionId } = (await joined.json()) as { participantId: string; sessionId: string };
    const sessionPath = `/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}`;
    await page.goto(`${sessionPath}?region=us-east-1`);
    await expect(page.getByRole("row").filter({ hasText: "viewer-sees-me" })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Disconnect/ })).toHaveCount(0);
    await page.goto(`${sessionPath}/participants/${participantId}?region=us-east-1`);
    await expect(page.getByRole("heading", { name: "Replication", exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Disconnect/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Start replication" })).toHaveCount(0);
    await page.goto(`/designer?stage=${encodeURIComponent(stageArn)}&region=us-east-1`);
    await expect(page.getByText("Starting a composition needs the operator role")).toBeVisible();
    await expect(page.getByRole("button", { name: "Start composition" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save preset" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^New encoder configuration/ })).toHaveCount(0);

    for (const path of ["/admin/users", "/audit"]) {
      await page.goto(path);
      await expect(alertOf(page)).toContainText("Only admins can open this page");
      await expect(page.getByRole("table")).toHaveCount(0);
    }
    expect((await page.request.get("/audit/export?format=json")).status()).toBe(403);
  });
});

test("server actions sent outside the UI: viewers, operators and signed-out callers are refused, nothing changes, one audit record each", async ({
  page,
  playwright,
}) => {
  const since = new Date(Date.now() - 1000).toISOString();
  const name = unique("e2e-audit");

  // Create a stage through the UI (audited as the admin's CreateStage).
  await page.goto("/stages?region=us-east-1");
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create stage" }).click();
  await expect(dialog).toBeHidden();
  // The new stage opens.
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const stageArn = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
  expect(stageArn).toMatch(/^arn:aws:ivs:us-east-1:123456789012:stage\//);

  // Capture "mint a token" and "delete the stage" as the admin's UI sends them (stopped before the server).
  await page.getByLabel("User id").fill("replayed-guest");
  const mint = await captureAction(page, () => page.getByRole("button", { name: "Create token" }).click());
  await page.getByRole("button", { name: "Delete stage" }).click();
  await page.getByRole("dialog").getByLabel(`Type ${name} to confirm`).fill(name);
  const remove = await captureAction(page, () =>
    page.getByRole("dialog").getByRole("button", { name: "Delete stage" }).click(),
  );

  // A viewer, an operator (delete is admin-only) and a signed-out caller: refused, and the stage is still there.
  expect(await replay(playwright.request, remove, "viewer")).toContain('"code":"AccessDenied"');
  expect(await replay(playwright.request, remove, "operator")).toContain('"code":"AccessDenied"');
  expect(await replay(playwright.request, remove, "anonymous")).toContain('"code":"Unauthenticated"');
  expect(await stageExists(stageArn)).toBe(true);
  expect(await replay(playwright.request, mint, "viewer")).toContain('"code":"AccessDenied"');
  expect(await replay(playwright.request, mint, "anonymous")).toContain('"code":"Unauthenticated"');

  // The operator may mint: the token is in the answer to the minter only.
  const minted = await replay(playwright.request, mint, "operator");
  expect(minted).toContain('"participantToken"');
  const token = /"token":"([^"]+)"/.exec(minted)?.[1] ?? "";
  expect(token.split(".")).toHaveLength(3);

  // The admin may delete, once; the second time IVS says the stage is gone.
  expect(await replay(playwright.request, remove, "admin")).toContain('"ok":true');
  expect(await stageExists(stageArn)).toBe(false);
  expect(await replay(playwright.request, remove, "admin")).toContain('"code":"ResourceNotFoundException"');

  // Exactly one audit record per attempt with its outcome (signed-out attempts have no "who" and are not recorded).
  const records = (await auditSince(page, since)).filter((record) => record.target === stageArn);
  const { operator, viewer } = accounts();
  expect(count(records, { operation: "CreateStage", outcome: "success", username: "admin", role: "admin" })).toBe(1);
  expect(
    count(records, {
      operation: "DeleteStage",
      outcome: "denied",
      username: viewer.username,
      role: "viewer",
      errorCode: "AccessDenied",
    }),
  ).toBe(1);
  expect(
    count(records, { operation: "DeleteStage", outcome: "denied", username: operator.username, role: "operator" }),
  ).toBe(1);
  expect(count(records, { operation: "DeleteStage", outcome: "success", username: "admin" })).toBe(1);
  expect(
    count(records, {
      operation: "DeleteStage",
      outcome: "failure",
      username: "admin",
      errorCode: "ResourceNotFoundException",
    }),
  ).toBe(1);
  expect(count(records, { operation: "CreateParticipantToken", outcome: "denied", username: viewer.username })).toBe(1);
  expect(count(records, { operation: "CreateParticipantToken", outcome: "success", username: operator.username })).toBe(
    1,
  );
  expect(records).toHaveLength(7);
  for (const record of records) expect(record).toMatchObject({ account: "123456789012", region: "us-east-1" });
  expect(
    records.find((record) => record.outcome === "success" && record.operation === "DeleteStage")?.requestId,
  ).toMatch(/[0-9a-f-]{36}/);
  expect(JSON.stringify(records)).not.toContain(token);

  // The audit page shows them, filtered.
  await page.goto(`/audit?user=${encodeURIComponent(viewer.username)}&outcome=denied`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
  const rows = page.getByTestId("audit-row").filter({ hasText: stageArn });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("denied");
  await expectNoSeriousAxeViolations(page);
});

test("a stream key reveal is for operators and admins, and is audited without the key", async ({
  page,
  playwright,
}) => {
  const since = new Date(Date.now() - 1000).toISOString();
  const name = unique("e2e-reveal");
  const { ingestConfiguration } = await ivs.send(
    new CreateIngestConfigurationCommand({ name, ingestProtocol: "RTMPS" }),
  );
  const arn = ingestConfiguration?.arn ?? "";
  const streamKey = ingestConfiguration?.streamKey ?? "";
  expect(streamKey).toMatch(/^rt_/);

  await page.goto("/configurations?region=us-east-1");
  await page.getByRole("button", { name: `Details of ${name}` }).click();
  const details = page.getByRole("dialog", { name: `Ingest configuration ${name}` });
  const reveal = await captureAction(page, () => details.getByRole("button", { name: "Reveal stream key" }).click());

  const denied = await replay(playwright.request, reveal, "viewer");
  expect(denied).toContain('"code":"AccessDenied"');
  expect(denied).not.toContain(streamKey);
  expect(await replay(playwright.request, reveal, "operator")).toContain(streamKey);

  const records = (await auditSince(page, since)).filter((record) => record.target === arn);
  expect(records.map((record) => `${record.operation}:${record.outcome}:${record.role}`).sort()).toEqual([
    "RevealStreamKey:denied:viewer",
    "RevealStreamKey:success:operator",
  ]);
  expect(JSON.stringify(records)).not.toContain(streamKey);
});

test("users: create, change role, disable, enable, reset password (shown once); the last admin is protected", async ({
  page,
  browser,
}) => {
  const since = new Date(Date.now() - 1000).toISOString();
  const username = unique("e2e-temp").toLowerCase();
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create user" }).click();
  const first = (await page.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(first).toHaveLength(20);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("one-time-password")).toHaveCount(0);

  const theirs = await browser.newContext({ baseURL, storageState: signedOut });
  const them = await theirs.newPage();
  await signIn(them, { username, password: first });
  await expect(them.getByTestId("user-role")).toHaveText("Viewer");

  // A role change applies to their very next request.
  await page.getByLabel(`Role of ${username}`).selectOption("operator");
  await expect(page.getByText(`${username} is now operator`)).toBeVisible();
  await them.reload();
  await expect(them.getByTestId("user-role")).toHaveText("Operator");

  // Disabling ends their session at once and stops sign-in.
  await page.getByRole("button", { name: `Disable ${username}` }).click();
  await page
    .getByRole("dialog", { name: `Disable ${username}?` })
    .getByRole("button", { name: "Disable" })
    .click();
  await expect(page.getByRole("row").filter({ hasText: username })).toContainText("Disabled");
  await them.reload();
  await expect(them).toHaveURL(/\/sign-in/);
  await them.getByLabel("User name").fill(username);
  await them.getByLabel("Password").fill(first);
  await them.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(them)).toHaveText("This account is disabled. Ask an admin to enable it.");

  await page.getByRole("button", { name: `Enable ${username}` }).click();
  await expect(page.getByRole("row").filter({ hasText: username })).toContainText("Active");
  await page.getByRole("button", { name: `Reset the password of ${username}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Reset password" }).click();
  const second = (await page.getByTestId("one-time-password").textContent())?.trim() ?? "";
  expect(second).toHaveLength(20);
  expect(second).not.toBe(first);
  await page.getByRole("button", { name: "Done" }).click();

  const old: Account = { username, password: first };
  await them.goto("/sign-in");
  await them.getByLabel("User name").fill(old.username);
  await them.getByLabel("Password").fill(old.password);
  await them.getByRole("button", { name: "Sign in" }).click();
  await expect(alertOf(them)).toHaveText("That user name and password do not match an active account.");
  await signIn(them, { username, password: second });
  await expect(them.getByTestId("user-role")).toHaveText("Operator");
  await theirs.close();

  // The only admin cannot demote or disable themselves.
  const adminRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^admin/ }) });
  await expect(adminRow.getByRole("button", { name: "Disable admin" })).toBeDisabled();
  await page.getByLabel("Role of admin").selectOption("viewer");
  await expect(adminRow.getByRole("alert")).toContainText("This is the last active admin");
  await page.reload();
  await expect(page.getByLabel("Role of admin")).toHaveValue("admin");

  const records = await auditSince(page, since);
  const mine = records
    .filter((record) => record.target === `user:${username}`)
    .map((record) => `${record.operation}:${record.outcome}`);
  expect(mine.sort()).toEqual([
    "ChangeUserRole:success",
    "CreateUser:success",
    "DisableUser:success",
    "EnableUser:success",
    "ResetUserPassword:success",
  ]);
  expect(
    count(records, { operation: "ChangeUserRole", outcome: "failure", target: "user:admin", errorCode: "LastAdmin" }),
  ).toBe(1);
  expect(JSON.stringify(records)).not.toContain(first);
  expect(JSON.stringify(records)).not.toContain(second);
});

test("every page carries a nonce CSP, no framing, nosniff; Next's scripts carry the nonce and nothing is blocked", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text()))
      violations.push(message.text());
  });
  const nonces = new Set<string>();
  for (const path of ["/", "/stages?region=us-east-1", "/configurations?region=us-east-1", "/admin/users", "/audit"]) {
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
    expect(nonce, path).not.toBe("");
    nonces.add(nonce);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    const html = (await response?.text()) ?? "";
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
    await page.waitForLoadState("networkidle");
  }
  expect(nonces.size).toBe(5);
  expect(violations).toEqual([]);
  // The page works under the policy: client components hydrated and interactive.
  await page.goto("/stages?region=us-east-1");
  await page.getByRole("button", { name: "Create stage" }).click();
  await expect(page.getByRole("dialog", { name: "Create stage" })).toBeVisible();
});
