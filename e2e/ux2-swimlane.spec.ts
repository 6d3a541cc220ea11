import { GetStageCommand } from "@aws-sdk/client-ivs-realtime";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/auth";
import { createStage, emulator, ivs, join, region, unique } from "./support/ux";

/**
 * Issue 17, item 5: the session swimlane at scale. Lanes grouped by role (hosts, guests, viewers; a group folds),
 * lanes that shrink, "subscribes to N / N subscribers" on every lane, and arrows only for the focused lane once a
 * session has more than 60 subscriptions; switching the Subscribe kind off removes every arrow.
 */
const control = { authorization: "Bearer test:test" };

async function subscribe(request: APIRequestContext, stageArn: string, subscriber: string, publisher: string) {
  const response = await request.post(`${emulator}/_emulator/participants/${subscriber}/subscribe`, {
    headers: control,
    data: { stageArn, targetParticipantId: publisher },
  });
  expect(response.status(), await response.text()).toBe(200);
}

test("a 33-participant session: role groups, link counts, focused arrows, Subscribe off removes them", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const stageArn = await createStage(unique("ux2-swim"));
  const tag = Date.now().toString(36).slice(-4);
  const host = await join(request, stageArn, `host-${tag}`);
  const guest = await join(request, stageArn, `guest-${tag}`);
  await subscribe(request, stageArn, guest, host);
  const viewers: string[] = [];
  for (let i = 0; i < 31; i++) {
    const id = await join(request, stageArn, `viewer-${tag}-${i}`, false);
    viewers.push(id);
    await subscribe(request, stageArn, id, host);
    await subscribe(request, stageArn, id, guest);
  }
  const { stage } = await ivs.send(new GetStageCommand({ arn: stageArn }));
  const sessionId = stage?.activeSessionId ?? "";
  expect(sessionId).not.toBe("");

  await page.goto(`/stages/${encodeURIComponent(stageArn)}/sessions/${sessionId}?region=${region}`);
  const swimlane = page.getByTestId("swimlane");
  // 1 + 31×2 = 63 subscriptions: above the 60 that "Auto" draws in full.
  await expect(swimlane.getByRole("heading", { name: /Swimlane: 33 participants .* 63 subscriptions/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect(swimlane.getByTestId("swimlane-loaded")).toBeVisible({ timeout: 30_000 });
  const edges = swimlane.getByTestId("swimlane-edges");
  const status = swimlane.getByTestId("swimlane-edge-status");

  // Grouped by role, each group foldable.
  const hosts = swimlane.getByRole("button", { name: "Hosts (1)" });
  const viewerGroup = swimlane.getByRole("button", { name: "Viewers (31)" });
  await expect(hosts).toBeVisible();
  await expect(swimlane.getByRole("button", { name: "Guests (1)" })).toBeVisible();
  await expect(viewerGroup).toHaveAttribute("aria-expanded", "true");

  // Aggregated marks instead of arrows: the host has 32 subscribers, a viewer subscribes to 2.
  await expect(swimlane.getByRole("link", { name: new RegExp(`^Open host-${tag} .*32 subscribers`) })).toBeVisible();
  await expect(
    swimlane.getByRole("link", { name: new RegExp(`^Open viewer-${tag}-0 .*subscribes to 2`) }),
  ).toBeVisible();

  // Lanes shrink so that 33 lanes and 3 headers fit (30 px each for a small session).
  const laneBox = await swimlane.locator(`[data-lane="${viewers[0]}"]`).boundingBox();
  expect(laneBox?.height ?? 0).toBeLessThanOrEqual(20);

  // No focus: no arrows at all, and the view says how to get them.
  await expect(edges).toHaveAttribute("data-edge-count", "0");
  await expect(status).toContainText("hover, focus or pick a lane");

  // Picking a lane draws its arrows only.
  const focus = swimlane.getByLabel("Focus lane");
  await focus.selectOption({ value: viewers[0] ?? "" });
  await expect(edges).toHaveAttribute("data-edge-count", "2");
  await expect(status).toContainText(`Arrows of viewer-${tag}-0: subscribes to 2, 0 subscribers`);
  await focus.selectOption({ value: host });
  await expect(edges).toHaveAttribute("data-edge-count", "32");

  // Hover works without picking.
  await focus.selectOption({ value: "" });
  await swimlane.locator(`[data-lane="${guest}"]`).hover();
  await expect(edges).toHaveAttribute("data-edge-count", "32");
  await page.mouse.move(0, 0);
  await expect(edges).toHaveAttribute("data-edge-count", "0");

  // Every arrow on request.
  await swimlane.getByLabel("Arrows").selectOption("all");
  await expect(edges).toHaveAttribute("data-edge-count", "63");

  // Subscribe off: no arrow, whatever the mode or focus (the bug of the issue).
  await swimlane
    .getByRole("group", { name: "Event kinds shown" })
    .getByRole("button", { name: /^Subscribe/ })
    .click();
  await expect(edges).toHaveAttribute("data-edge-count", "0");
  await expect(status).toHaveText("Subscribe is switched off: no subscription arrows.");
  await focus.selectOption({ value: host });
  await expect(edges).toHaveAttribute("data-edge-count", "0");
  await expect(edges.locator("path[d^='M']")).toHaveCount(0);

  // Folding the viewers leaves their header only.
  await viewerGroup.click();
  await expect(viewerGroup).toHaveAttribute("aria-expanded", "false");
  await expect(swimlane.getByRole("link", { name: new RegExp(`^Open viewer-${tag}-`) })).toHaveCount(0);
  await expect(swimlane.getByRole("link", { name: new RegExp(`^Open host-${tag}`) })).toBeVisible();
});
