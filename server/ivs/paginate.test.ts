import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realClock } from "@/server/emulator/clock";
import { startTestServer, testConfig, type RunningServer } from "@/server/emulator/http/test-server";
import { createHandlers } from "@/server/emulator/world/handlers";
import { listAll, paginate } from "./paginate";
import { transport } from "./transport";

let server: RunningServer;
const options = { region: "ap-south-1" };

beforeAll(async () => {
  const clock = realClock();
  const config = testConfig({ quotas: "off" });
  server = await startTestServer({ clock, config: { quotas: "off" }, handlers: createHandlers({ clock, config }) });
  process.env.IVS_ENDPOINT = server.url;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  for (let i = 0; i < 7; i++) await transport().call("CreateStage", { name: `page-${i}` }, options);
});
afterAll(() => server.emulator.close());

describe("paginate / listAll against the emulator", () => {
  it("follows nextToken page by page", async () => {
    const sizes: number[] = [];
    for await (const page of paginate("ListStages", { maxResults: 3 }, options)) sizes.push(page.stages.length);
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("collects every item once, reporting progress", async () => {
    const progress: number[] = [];
    const stages = await listAll("ListStages", { maxResults: 3 }, { ...options, onPage: (n) => progress.push(n) });
    expect(stages.map((s) => s.name).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `page-${i}`));
    expect(new Set(stages.map((s) => s.arn)).size).toBe(7);
    expect(progress).toEqual([3, 6, 7]);
  });
});
