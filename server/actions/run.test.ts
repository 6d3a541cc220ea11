import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realClock } from "@/server/emulator/clock";
import { startTestServer, testConfig, type RunningServer } from "@/server/emulator/http/test-server";
import { createHandlers } from "@/server/emulator/world/handlers";
import { upstream } from "@/server/ivs/upstream";
import { runIvsMutation, serverContext } from "./run";

// The real emulator over HTTP with real signatures; the console's shared transport points at it.
let server: RunningServer;
const context = { region: "eu-west-1" };

beforeAll(async () => {
  const clock = realClock();
  const config = testConfig({ quotas: "off" });
  server = await startTestServer({ clock, config: { quotas: "off" }, handlers: createHandlers({ clock, config }) });
  process.env.IVS_ENDPOINT = server.url;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
});
afterAll(() => server.emulator.close());

async function stageCount(): Promise<number> {
  const result = await upstream().read("ListStages", {}, { ...context, maxAgeMs: 0 });
  return result.data.stages.length;
}

describe("server action runner against the emulator", () => {
  it("bad input: field-level messages, no call, nothing changes", async () => {
    const before = await stageCount();
    const result = await runIvsMutation("CreateStage", context, { name: "not a valid name!", participantTokenConfigurations: Array.from({ length: 13 }, () => ({})) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("ValidationException");
    expect(Object.keys(result.error.fields ?? {})).toEqual(expect.arrayContaining(["name", "participantTokenConfigurations"]));
    expect(await stageCount()).toBe(before);
  });

  it("success returns the data and the next cached read already sees it", async () => {
    const before = await stageCount();
    await upstream().read("ListStages", {}, context); // cache an answer
    const result = await runIvsMutation("CreateStage", context, { name: "from-action" });
    expect(result.ok).toBe(true);
    const after = await upstream().read("ListStages", {}, context); // within maxAge, yet fresh: the action invalidated it
    expect(after.data.stages.length).toBe(before + 1);
  });

  it("an IVS error comes back as a Result with code, status-derived message and request id", async () => {
    const result = await runIvsMutation("DeleteStage", context, { arn: "arn:aws:ivs:eu-west-1:123456789012:stage/doesNotExist" });
    expect(result).toMatchObject({ ok: false, error: { code: "ResourceNotFoundException", retryable: false } });
    if (!result.ok) expect(result.error.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it("re-validates the context a browser sent", () => {
    expect(serverContext({ region: "eu-west-1", profile: "prod" })).toEqual({ region: "eu-west-1", profile: "prod" });
    expect(serverContext({ region: "../../etc", profile: "a b" }).region).toMatch(/^[a-z]{2}-/);
    expect(serverContext("nonsense")).toHaveProperty("region");
  });
});
