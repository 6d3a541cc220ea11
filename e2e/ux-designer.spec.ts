import { expect, test } from "./support/auth";
import { createStage, join, region, unique } from "./support/ux";

/**
 * Issue 17, item 9: the designer greets an untouched form without red errors, shows its fill-mode choices whole,
 * and keeps Start and the pre-flight checks within reach of the preview.
 */

test.use({ viewport: { width: 1440, height: 900 } });

test("designer: no error before anything is touched, fill mode readable, Start beside the preview", async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const stageArn = await createStage(unique("ux-des"));
  await join(request, stageArn, "host-des");
  const polled = page.waitForResponse((r) => r.url().includes("/api/ivs/ListParticipants"));
  await page.goto(`/designer?region=${region}&stage=${encodeURIComponent(stageArn)}`);
  await polled;

  const checks = page.getByRole("list", { name: "Pre-flight checks" });
  const destinations = checks.getByRole("listitem").filter({ hasText: "Destinations" });
  await expect(destinations).toContainText("To do", { timeout: 15_000 });
  await expect(destinations).toHaveAttribute("data-level", "todo");
  await expect(page.getByRole("alert").filter({ hasText: "Choose at least one destination" })).toHaveCount(0);
  await expect(checks.locator('[data-level="error"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start composition" })).toBeDisabled();
  await expect(page.getByText("Complete the to-dos above to start.")).toBeVisible();
  // The pre-flight list stays inside its card (nothing spills over the page edge).
  const card = await page.getByRole("region", { name: "Pre-flight and start" }).boundingBox();
  const list = await checks.boundingBox();
  expect((list?.x ?? 0) + (list?.width ?? 0)).toBeLessThanOrEqual((card?.x ?? 0) + (card?.width ?? 0));

  // Every fill-mode choice fits the select (nothing cut off).
  const fill = page.getByLabel("Video fill mode");
  const fits = await fill.evaluate((select: HTMLSelectElement) => {
    const probe = document.createElement("span");
    probe.style.font = getComputedStyle(select).font;
    probe.style.position = "absolute";
    probe.style.whiteSpace = "nowrap";
    document.body.append(probe);
    const widest = Math.max(
      ...Array.from(select.options).map(
        (option) => ((probe.textContent = option.text), probe.getBoundingClientRect().width),
      ),
    );
    probe.remove();
    return { widest, room: select.clientWidth - 28 };
  });
  expect(fits.widest).toBeLessThanOrEqual(fits.room);

  // With Start on screen, the preview is on screen too.
  const start = page.getByRole("button", { name: "Start composition" });
  await start.scrollIntoViewIfNeeded();
  const preview = page.getByRole("group", { name: /^Preview of the/ });
  await expect(preview).toBeInViewport({ ratio: 0.5 });
  await expect(start).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath("designer-start-in-reach.png") });

  // Touching the destinations and undoing it leaves a to-do, still not an error.
  const s3 = page.getByRole("checkbox", { name: "Record to S3" });
  await s3.check();
  await s3.uncheck();
  await expect(destinations).toHaveAttribute("data-level", "todo");
});
