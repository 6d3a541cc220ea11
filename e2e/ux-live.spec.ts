import { GetStageCommand } from "@aws-sdk/client-ivs-realtime";
import type { Route } from "@playwright/test";
import { expect, test } from "./support/auth";
import { createStage, ivs, join, seriousViolations, stagePath, startComposition, unique } from "./support/ux";

/**
 * Issue 17, items 3, 4, 8 (partly) and 12: controls that are not ready do not look ready; deleting a live stage
 * says what is live and asks for its name; creating a stage opens it; the stage page's layout and its axe check.
 */

test("after a cold load, Stop composition is disabled until the page can handle the click, then works", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const stageArn = await createStage(unique("ux-cold"));
  await join(request, stageArn, "host-cold");
  const compositionArn = await startComposition(stageArn);
  const id = compositionArn.split("/").pop() ?? "";

  // Hold every script chunk: the server's HTML is on screen, React is not running yet.
  const held: Route[] = [];
  let holding = true;
  await page.route(
    (url) => url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js"),
    (route) => (holding ? void held.push(route) : void route.continue()),
  );
  await page.goto(`/compositions/${encodeURIComponent(compositionArn)}?region=us-east-1`, { waitUntil: "commit" });
  const stop = page.getByRole("button", { name: `Stop composition ${id}` });
  await expect(stop).toBeVisible({ timeout: 20_000 });
  await expect(stop).toBeDisabled();
  await expect(page.getByRole("button", { name: "Copy composition ARN" })).toBeDisabled();

  holding = false;
  for (const route of held.splice(0)) await route.continue();
  await expect(stop).toBeEnabled({ timeout: 20_000 });
  await stop.click();
  const confirm = page.getByRole("dialog", { name: `Stop composition ${id}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Stop composition" }).click();
  await expect(confirm).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText(/is stopping/)).toBeVisible();
});

test("deleting a live stage shows who is connected and what runs, needs the name typed, and sits apart", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const name = unique("ux-live-del");
  const stageArn = await createStage(name);
  for (const user of ["host-a", "guest-b"]) await join(request, stageArn, user);
  await join(request, stageArn, "viewer-c", false);
  const compositionArn = await startComposition(stageArn);

  await page.goto(stagePath(stageArn));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // Rename is an everyday action beside the name; Delete sits in its own region at the bottom.
  const danger = page.getByRole("region", { name: "Danger zone" });
  await expect(danger.getByRole("button", { name: "Delete stage" })).toBeVisible();
  await expect(danger.getByRole("button", { name: "Rename" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete stage" })).toHaveCount(1);
  const renameBox = await page.getByRole("button", { name: "Rename" }).boundingBox();
  const deleteBox = await danger.getByRole("button", { name: "Delete stage" }).boundingBox();
  expect((deleteBox?.y ?? 0) - (renameBox?.y ?? 0)).toBeGreaterThan(300);

  await danger.getByRole("button", { name: "Delete stage" }).click();
  const confirm = page.getByRole("dialog", { name: `Delete stage ${name}?` });
  await expect(confirm.getByText("This stage is live.")).toBeVisible({ timeout: 15_000 });
  const live = confirm.getByRole("list", { name: "Live now" });
  await expect(live).toContainText("3 participants connected (2 publishing)");
  await expect(live).toContainText("host-a");
  await expect(live).toContainText(`1 composition running: ${compositionArn.split("/").pop()}`);
  const button = confirm.getByRole("button", { name: "Delete stage" });
  await expect(button).toBeDisabled();
  const typed = confirm.getByLabel(`Type ${name} to confirm`);
  await typed.fill(`${name}x`);
  await expect(button).toBeDisabled();
  await typed.fill(name);
  await expect(button).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath("delete-live-stage.png") });
  await button.click();
  await expect(page).toHaveURL(/\/stages\?/, { timeout: 15_000 });
  await expect(ivs.send(new GetStageCommand({ arn: stageArn }))).rejects.toThrow();
});

test("creating a stage opens it; its tags card spans the page; the stage page passes axe (Endpoints list)", async ({
  page,
}) => {
  const name = unique("ux-create");
  await page.goto("/stages?region=us-east-1");
  await page.getByRole("button", { name: "Create stage" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stage" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create stage" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveURL(/\/stages\/arn/);

  const endpoints = page.getByRole("region", { name: "Endpoints" });
  await expect(endpoints.getByRole("button", { name: /Copy whip endpoint/i })).toBeEnabled();
  const tags = page.getByRole("region", { name: /Tags/ });
  await expect(tags).toBeVisible({ timeout: 15_000 });
  const tagsBox = await tags.boundingBox();
  const liveBox = await page.getByRole("region", { name: "Live session" }).boundingBox();
  const endpointsBox = await endpoints.boundingBox();
  // The last card is as wide as the two cards above it together.
  expect(tagsBox?.width ?? 0).toBeGreaterThan(
    (endpointsBox?.x ?? 0) + (endpointsBox?.width ?? 0) - (liveBox?.x ?? 0) - 4,
  );
  expect(await seriousViolations(page)).toEqual([]);
});
