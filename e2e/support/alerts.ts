import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page } from "@playwright/test";

/** What the alert specs share: a signed-webhook receiver, and the webhook and rule forms driven through the UI. */

export interface Received {
  readonly type: string;
  readonly alert: {
    readonly id: number;
    readonly ruleName: string;
    readonly state: string;
    readonly summary: string;
    readonly acknowledgedBy?: string;
    readonly evidenceUrl: string;
  };
  readonly signatureOk: boolean;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Webhook bodies of one rule with one type (`alert.fired`, `alert.acknowledged`, `alert.resolved`), signed. */
  of(ruleName: string, type: string): Received[];
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 that checks each request's HMAC-SHA256 signature and timestamp. */
export async function startReceiver(secret: string): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += String(chunk)));
    request.on("end", () => {
      const timestamp = String(request.headers["x-controlroom-timestamp"] ?? "");
      const expected = `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      const parsed = JSON.parse(body) as Omit<Received, "signatureOk">;
      received.push({ ...parsed, signatureOk: fresh && request.headers["x-controlroom-signature"] === expected });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    of: (ruleName, type) => received.filter((r) => r.alert.ruleName === ruleName && r.type === type && r.signatureOk),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function addWebhook(page: Page, name: string, url: string, secret: string) {
  await page.goto("/alerts/webhooks?region=us-east-1");
  await page.getByRole("button", { name: "Add webhook" }).click();
  const form = page.getByRole("form", { name: "New webhook" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("URL").fill(url);
  await form.getByLabel("Signing secret").fill(secret);
  await form.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByRole("table", { name: "Webhooks" }).getByRole("row").filter({ hasText: name })).toContainText(
    "set (hidden)",
  );
}

export interface RuleFields {
  name: string;
  kind?: string;
  scopeNames?: string;
  window?: string;
  holdDown?: string;
  threshold?: string;
  codes?: string;
  metric?: string;
  above?: string;
  forSeconds?: string;
  watch?: string;
  /** "Alert on" checkboxes to tick, by label (e.g. "Start failures"). */
  check?: readonly string[];
}

/** Fills the "New rule" form (labels as the admin sees them) and submits it; returns the form. */
export async function createRule(page: Page, fields: RuleFields) {
  await page.goto("/alerts/rules?region=us-east-1");
  await page.getByRole("button", { name: "New rule" }).click();
  const form = page.getByRole("form", { name: "New rule" });
  await form.getByLabel("Name", { exact: true }).fill(fields.name);
  if (fields.kind) await form.getByLabel("Kind").selectOption({ label: fields.kind });
  if (fields.scopeNames !== undefined) {
    await form.getByLabel("Scope").selectOption("names");
    await form.getByLabel("Stage names").fill(fields.scopeNames);
  }
  if (fields.holdDown !== undefined) await form.getByLabel("Hold-down (seconds)").fill(fields.holdDown);
  if (fields.window !== undefined) await form.getByLabel("Window (seconds)").fill(fields.window);
  if (fields.threshold !== undefined) await form.getByLabel("Threshold (errors in the window)").fill(fields.threshold);
  if (fields.codes !== undefined) await form.getByLabel("Error codes").fill(fields.codes);
  if (fields.metric !== undefined) await form.getByLabel("Metric").selectOption({ label: fields.metric });
  if (fields.above !== undefined) await form.getByLabel("Above (%)").fill(fields.above);
  if (fields.forSeconds !== undefined) await form.getByLabel("For at least (seconds)").fill(fields.forSeconds);
  if (fields.watch !== undefined) await form.getByLabel("Watch").selectOption({ label: fields.watch });
  for (const label of fields.check ?? []) await form.getByLabel(label).check();
  await form.getByRole("button", { name: "Create rule" }).click();
  return form;
}

/**
 * A receiver with a fresh signing secret, registered as a webhook through the UI (named `<label>-<time>`), for
 * the length of `run`; closed afterwards whatever happens.
 */
export async function withWebhook(
  page: Page,
  label: string,
  run: (hook: Receiver, secret: string) => Promise<void>,
): Promise<void> {
  const secret = `whsec-${randomUUID()}`;
  const hook = await startReceiver(secret);
  try {
    await addWebhook(page, `${label}-${Date.now().toString(36)}`, hook.url, secret);
    await run(hook, secret);
  } finally {
    await hook.close();
  }
}

/** The notification center (open alerts), once the tab's push stream is up. */
export async function openAlerts(page: Page) {
  await page.goto("/alerts?region=us-east-1&state=open");
  await expect(page.getByRole("status", { name: "Live updates" })).toHaveText("Live: push", { timeout: 20_000 });
}
