import { GetStageCommand } from "@aws-sdk/client-ivs-realtime";
import { expect, test } from "./support/auth";
import { createStage, ivs, join, region, unique } from "./support/ux";

/**
 * Issue 17, item 8 (the rest): the stages list shows connected and publisher counts and links each live session;
 * session and participant pages' breadcrumbs name the stage.
 */
test("stages list counts and session links; breadcrumbs name the stage", async ({ page, request }) => {
  test.setTimeout(60_000);
  const name = unique("ux2-nav");
  const stageArn = await createStage(name);
  const tag = Date.now().toString(36).slice(-4);
  await join(request, stageArn, `pub1-${tag}`);
  await join(request, stageArn, `pub2-${tag}`);
  const watcher = await join(request, stageArn, `watch-${tag}`, false);
  const { stage } = await ivs.send(new GetStageCommand({ arn: stageArn }));
  const sessionId = stage?.activeSessionId ?? "";

  await page.goto(`/stages?region=${region}`);
  await page.getByRole("searchbox", { name: "Search stages" }).fill(name);
  const table = page.getByRole("table", { name: "Stages" });
  const row = table.getByRole("row").filter({ hasText: name });
  await expect(table.getByRole("columnheader", { name: /Connected/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Publishers/ })).toBeVisible();
  // Columns: Name, Stage id, Status, Connected, Publishers, Session, Tags.
  await expect(row.getByRole("cell").nth(3)).toHaveText("3", { timeout: 30_000 });
  await expect(row.getByRole("cell").nth(4)).toHaveText("2", { timeout: 30_000 });

  await row.getByRole("link", { name: new RegExp(`Live session ${sessionId}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}`));
  await expect(page.getByRole("link", { name: `Stage ${name}` })).toBeVisible({ timeout: 20_000 });

  await page.goto(
    `/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}/participants/${watcher}?region=${region}`,
  );
  const crumb = page.getByRole("link", { name: `Stage ${name}` });
  await expect(crumb).toBeVisible({ timeout: 20_000 });
  await crumb.click();
  await expect(page).toHaveURL(
    new RegExp(`/stages/${encodeURIComponent(stageArn).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\?`),
  );
});
