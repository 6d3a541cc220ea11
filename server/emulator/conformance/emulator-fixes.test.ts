/**
 * Regression tests for emulator bugs found by the conformance suite (each fix lives in server/emulator/http or
 * server/emulator/world; the test drives it over raw signed HTTP, where the bug was visible).
 *
 * 1. A map key named `__proto__` (a tag key or a participant attribute; JSON.parse makes it an own key) was
 *    silently dropped by validation: the request answered 200 without storing it, and the 50-tag / 1 KB
 *    attribute limits did not count it. Fixed in http/body.ts (`validateInput`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "@/lib/ivs/operations";
import { manualClock } from "@/server/emulator/clock";
import { EmulatorError } from "@/server/emulator/errors";
import { validateInput } from "@/server/emulator/http/body";
import { sendWire, signRequest, type RawResponse } from "@/server/emulator/http/testing";
import { must } from "@/server/emulator/world/test-kit";
import { builders, home, snapshotWorld, startHarness, type Harness } from "./harness";

const clock = manualClock(Date.parse("2026-06-01T08:00:00Z"));
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ clock });
});
afterAll(() => harness.close());

async function call(
  path: string,
  body: string,
  method = "POST",
  query: Record<string, string[]> = {},
): Promise<RawResponse> {
  const wire = await signRequest({
    method,
    path,
    body,
    query,
    date: new Date(clock.now()),
    host: `127.0.0.1:${harness.port}`,
    region: home.region,
  });
  return sendWire(harness.port, wire);
}

const tagsPath = (arn: string) => `/tags/${encodeURIComponent(arn)}`;

describe("fix: map keys named __proto__ are kept (http/body.ts validateInput)", () => {
  it("CreateStage stores a __proto__ tag, lists it, and UntagResource removes it", async () => {
    harness.reset();
    const created = await call("/CreateStage", '{"tags":{"__proto__":"x","team":"news"}}');
    expect(created.status).toBe(200);
    expect(created.body).toContain('"tags":{"__proto__":"x","team":"news"}');
    const arn = (JSON.parse(created.body) as { stage: { arn: string } }).stage.arn;

    const listed = await call(tagsPath(arn), "", "GET");
    expect(listed.body).toBe('{"tags":{"__proto__":"x","team":"news"}}');

    const stored = must(harness.world.region(home).tags.get(arn));
    expect(Object.keys(stored)).toEqual(["__proto__", "team"]);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype); // a data property, not a new prototype

    const untagged = await call(tagsPath(arn), "", "DELETE", { tagKeys: ["__proto__"] });
    expect(untagged.status).toBe(200);
    expect((await call(tagsPath(arn), "", "GET")).body).toBe('{"tags":{"team":"news"}}');
  });

  it("TagResource merges a __proto__ tag", async () => {
    const world = harness.reset();
    const stage = await builders(world).stage({ tags: { a: "1" } });
    expect((await call(tagsPath(stage.arn), '{"tags":{"__proto__":"p"}}')).status).toBe(200);
    expect((await call(tagsPath(stage.arn), "", "GET")).body).toBe('{"tags":{"a":"1","__proto__":"p"}}');
  });

  it("counts a __proto__ tag towards the 50-tag limit (51 keys → 400, nothing stored)", async () => {
    harness.reset();
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    const body = JSON.stringify({ tags: fifty }).replace('{"tags":{', '{"tags":{"__proto__":"x",');
    const before = snapshotWorld(harness.world);
    const response = await call("/CreateStage", body);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      exceptionMessage:
        "1 validation error detected. Value at '/tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    });
    expect(snapshotWorld(harness.world)).toBe(before);
  });

  it("validates the value of a __proto__ entry and names it in the message", async () => {
    harness.reset();
    const response = await call("/CreateStage", '{"tags":{"__proto__":7}}');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      exceptionMessage:
        "1 validation error detected. Value at '/tags/__proto__' failed to satisfy constraint: Member must be a string",
    });
  });

  it("keeps __proto__ participant attributes (nested maps) and counts them towards 1 KB", async () => {
    const world = harness.reset();
    const stage = await builders(world).stage();
    const token = await call(
      "/CreateParticipantToken",
      JSON.stringify({ stageArn: stage.arn }).replace("{", '{"attributes":{"__proto__":"guest","a":"b"},'),
    );
    expect(token.status).toBe(200);
    expect(token.body).toContain('"attributes":{"__proto__":"guest","a":"b"}');

    // 9 bytes of key + 1015 bytes of value = 1024: fits; one more byte does not.
    const fits = await call(
      "/CreateStage",
      `{"participantTokenConfigurations":[{"attributes":{"__proto__":"${"x".repeat(1015)}"}}]}`,
    );
    expect(fits.status).toBe(200);
    const over = await call(
      "/CreateStage",
      `{"participantTokenConfigurations":[{"attributes":{"__proto__":"${"x".repeat(1016)}"}}]}`,
    );
    expect(over.status).toBe(400);
    expect(JSON.parse(over.body).exceptionMessage).toMatch(
      /^1 validation error detected\. Value at '\/participantTokenConfigurations\/0\/attributes' /,
    );
  });

  it("never touches a prototype, and leaves maps without __proto__ as they were", () => {
    const input = JSON.parse('{"tags":{"__proto__":{"polluted":true},"x":"y"}}') as Record<string, unknown>;
    expect(() => validateInput(operations.CreateStage, input)).toThrow(EmulatorError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const plain = validateInput(operations.CreateStage, { tags: { a: "1" }, name: "n" });
    expect(plain).toEqual({ tags: { a: "1" }, name: "n" });
    // a key that happens to look like the placeholder is kept apart from __proto__
    const both = validateInput(
      operations.CreateStage,
      JSON.parse('{"tags":{"__pr000__":"1","__proto__":"2"}}') as Record<string, unknown>,
    );
    expect(JSON.stringify(both)).toBe('{"tags":{"__pr000__":"1","__proto__":"2"}}');
  });
});
