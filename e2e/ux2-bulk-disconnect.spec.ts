import { GetStageCommand } from "@aws-sdk/client-ivs-realtime";
import { expect, test } from "./support/auth";
import { storageStatePath } from "./support/auth";
import { createStage, ivs, join, region, unique } from "./support/ux";

/**
 * Issue 17, item 11: an operator selects several participants in the session table and disconnects them after
 * one confirmation that names them; each disconnect is its own audited action. Viewers get no selection.
 */
async function sessionPath(stageArn: string): Promise<string> {
  const { stage } = await ivs.send(new GetStageCommand({ arn: stageArn }));
  const sessionId = stage?.activeSessionId ?? "";
  expect(sessionId).not.toBe("");
  return `/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}?region=${region}`;
}

test.describe("as an operator", () => {
  test.use({ role: "operator" });

  test("select three participants, one confirmation naming them, three audited disconnects", async ({
    page,
    request,
    browser,
  }) => {
    test.setTimeout(90_000);
    const since = new Date(Date.now() - 1000).toISOString();
    const stageArn = await createStage(unique("ux2-bulk"));
    const tag = Date.now().toString(36).slice(-4);
    const names = ["ana", "ben", "cai", "dee"].map((n) => `${n}-${tag}`);
    const ids: string[] = [];
    for (const name of names) ids.push(await join(request, stageArn, name));
    await page.goto(await sessionPath(stageArn));

    const table = page.getByRole("table", { name: "Participants" });
    for (const name of names)
      await expect(table.getByRole("row").filter({ hasText: name })).toContainText("CONNECTED", { timeout: 30_000 });
    const selection = page.getByRole("region", { name: "Selected participants" });
    await expect(selection.getByRole("button", { name: "Disconnect selected (0)…" })).toBeDisabled();

    for (const name of names.slice(0, 3))
      await table.getByRole("checkbox", { name: new RegExp(`^Select ${name} `) }).check();
    await expect(selection).toContainText("3 selected");
    await selection.getByRole("button", { name: "Disconnect selected (3)…" }).click();

    const dialog = page.getByRole("dialog", { name: "Disconnect 3 participants?" });
    await expect(dialog).toBeVisible();
    const listed = dialog.getByRole("list", { name: "Participants to disconnect" }).getByRole("listitem");
    await expect(listed).toHaveCount(3);
    for (const name of names.slice(0, 3)) await expect(listed.filter({ hasText: name })).toHaveCount(1);
    await expect(listed.filter({ hasText: names[3] ?? "" })).toHaveCount(0);
    await dialog.getByLabel(/Reason/).fill("bulk test");
    await dialog.getByRole("button", { name: "Disconnect 3" }).click();

    await expect(page.getByText("3 participants disconnected")).toBeVisible({ timeout: 20_000 });
    await expect(dialog).toBeHidden();
    for (const name of names.slice(0, 3))
      await expect(table.getByRole("row").filter({ hasText: name })).toContainText("DISCONNECTED", { timeout: 20_000 });
    await expect(table.getByRole("row").filter({ hasText: names[3] ?? "" })).toContainText("CONNECTED");
    await expect(table.getByRole("row").filter({ hasText: names[3] ?? "" })).not.toContainText("DISCONNECTED");
    await expect(selection).toContainText("0 selected");

    // One audit record per participant, each a success by this operator (read as an admin).
    const admin = await browser.newContext({ storageState: storageStatePath("admin") });
    const response = await admin.request.get(`/audit/export?format=json&from=${encodeURIComponent(since)}`);
    expect(response.status()).toBe(200);
    const records = (
      (await response.json()) as {
        records: { operation: string; role: string | null; outcome: string; input: string | null }[];
      }
    ).records.filter((r) => r.operation === "DisconnectParticipant" && ids.some((id) => r.input?.includes(id)));
    await admin.close();
    expect(records).toHaveLength(3);
    for (const id of ids.slice(0, 3))
      expect(
        records.filter((r) => r.input?.includes(id) && r.outcome === "success" && r.role === "operator"),
      ).toHaveLength(1);
  });
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("no selection boxes and no bulk disconnect", async ({ page, request }) => {
    const stageArn = await createStage(unique("ux2-bulk-view"));
    const name = `eve-${Date.now().toString(36).slice(-4)}`;
    await join(request, stageArn, name);
    await page.goto(await sessionPath(stageArn));
    const table = page.getByRole("table", { name: "Participants" });
    await expect(table.getByRole("row").filter({ hasText: name })).toContainText("CONNECTED", { timeout: 30_000 });
    await expect(table.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Selected participants" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Disconnect/ })).toHaveCount(0);
  });
});
