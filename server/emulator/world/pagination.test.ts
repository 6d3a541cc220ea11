import { describe, expect, it } from "vitest";
import { joinParticipant } from "./live/participants";
import { decodePageToken, encodePageToken, paginate } from "./pagination";
import { createStage, createStorage, listAll, must, setup } from "./test-kit";

const secret = Buffer.alloc(32, 7);
const binding = { operation: "ListStages", account: "123456789012", region: "us-west-2", filters: {} };
const records = Array.from({ length: 10 }, (_, i) => ({ seq: i + 1 }));

describe("paginate", () => {
  it("pages in creation order and newest first", () => {
    const options = { secret, binding, defaultSize: 4 };
    const first = paginate(records, {}, options);
    expect(first.items.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    const second = paginate(records, { nextToken: first.nextToken }, options);
    expect(second.items.map((r) => r.seq)).toEqual([5, 6, 7, 8]);
    const newest = paginate(records, { maxResults: 3 }, { ...options, order: "newest-first" });
    expect(newest.items.map((r) => r.seq)).toEqual([10, 9, 8]);
    const older = paginate(
      records,
      { maxResults: 3, nextToken: newest.nextToken },
      { ...options, order: "newest-first" },
    );
    expect(older.items.map((r) => r.seq)).toEqual([7, 6, 5]);
  });

  it("neither skips nor repeats when items are deleted between pages", () => {
    const options = { secret, binding, defaultSize: 4 };
    const first = paginate(records, {}, options);
    const remaining = records.filter((r) => r.seq !== 2 && r.seq !== 5);
    expect(paginate(remaining, { nextToken: first.nextToken }, options).items.map((r) => r.seq)).toEqual([6, 7, 8, 9]);
  });

  it("omits nextToken on the last page and treats '' as no token", () => {
    expect(paginate(records, { maxResults: 10 }, { secret, binding, defaultSize: 50 }).nextToken).toBeUndefined();
    expect(paginate(records, { nextToken: "" }, { secret, binding, defaultSize: 50 }).items).toHaveLength(10);
  });

  it("tokens are opaque, match the PaginationToken pattern and are bound to their query", () => {
    const token = encodePageToken(secret, binding, 42);
    expect(token).toMatch(/^[a-zA-Z0-9+/=_-]*$/);
    expect(token.length).toBeLessThanOrEqual(1024);
    expect(decodePageToken(secret, binding, token)).toBe(42);
    const variants = [
      { ...binding, operation: "ListCompositions" },
      { ...binding, account: "210987654321" },
      { ...binding, region: "eu-west-1" },
      { ...binding, filters: { stageArn: "x" } },
    ];
    for (const other of variants) expect(() => decodePageToken(secret, other, token)).toThrow(/nextToken/);
    expect(() => decodePageToken(Buffer.alloc(32, 8), binding, token)).toThrow(/nextToken/);
    for (const garbage of ["abc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "a+b/c=", `${token.slice(0, -1)}A`]) {
      expect(() => decodePageToken(secret, binding, garbage)).toThrow(/nextToken/);
    }
  });
});

describe("nextToken through the handlers", () => {
  it("a token from another operation, filter, region or garbage is a 400 ValidationException", async () => {
    const kit = setup({ quotas: "off" });
    for (let i = 0; i < 3; i++) await createStage(kit);
    for (let i = 0; i < 3; i++) await createStorage(kit);
    const stagesToken = must((await kit.call("ListStages", { maxResults: 1 })).nextToken);
    await kit.fails("ListStorageConfigurations", { nextToken: stagesToken }, "ValidationException");
    await kit.fails("ListStages", { nextToken: stagesToken }, "ValidationException", {
      account: kit.home.account,
      region: "eu-west-1",
    });
    await kit.fails("ListStages", { nextToken: stagesToken }, "ValidationException", {
      account: "999999999999",
      region: kit.home.region,
    });
    await kit.fails("ListStages", { nextToken: "bm90LWEtdG9rZW4" }, "ValidationException");
    // changing maxResults between pages is allowed
    expect((await kit.call("ListStages", { maxResults: 5, nextToken: stagesToken })).stages).toHaveLength(2);
  });

  it("binds to filters: a ListParticipants token does not work for another session", async () => {
    const kit = setup();
    const stage = await createStage(kit);
    for (let i = 0; i < 3; i++) joinParticipant(kit.store(), stage.record);
    const sessionId = must(stage.record.activeSessionId);
    const request = { stageArn: stage.arn, sessionId };
    const token = must((await kit.call("ListParticipants", { ...request, maxResults: 2 })).nextToken);
    await kit.fails(
      "ListParticipants",
      { ...request, filterByState: "CONNECTED", nextToken: token },
      "ValidationException",
    );
    expect((await kit.call("ListParticipants", { ...request, nextToken: token })).participants).toHaveLength(1);
  });

  it("walks every page of a list exactly once", async () => {
    const kit = setup();
    const arns = [];
    for (let i = 0; i < 23; i++) arns.push((await createStage(kit)).arn);
    const all = await listAll(kit, "ListStages", { maxResults: 5 }, (output) => output.stages.map((s) => s.arn));
    expect(all).toEqual({ items: arns, pages: 5 });
  });
});
