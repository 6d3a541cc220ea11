import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runnerOf, valuesSql, type Runner } from "./raw";
import { openTestDatabase, testEngines, type TestDatabase } from "./testing";

describe.each(testEngines)("raw SQL runner on %s", (engine) => {
  let handle: TestDatabase;
  let r: Runner;
  beforeEach(async () => {
    handle = await openTestDatabase(engine);
    r = runnerOf(handle);
  });
  afterEach(() => handle.close());

  it("binds positional and named parameters, and a filter object that names nothing", async () => {
    await r.run(valuesSql("INSERT INTO sign_in_failures (key, at)", 2, 2), ["a", 1, "b", 2]);
    expect(await r.all("SELECT key FROM sign_in_failures WHERE at > ? ORDER BY key", [0])).toEqual([
      { key: "a" },
      { key: "b" },
    ]);
    expect(await r.get("SELECT key FROM sign_in_failures WHERE key = @key AND at = @at", { key: "b", at: 2 })).toEqual({
      key: "b",
    });
    expect(await r.all("SELECT count(*) AS n FROM sign_in_failures", {})).toEqual([{ n: 2 }]);
    await expect(r.get("SELECT 1 WHERE @missing = 1", {})).rejects.toThrow(/@missing has no value/);
  });

  it("runs work in one transaction: a failure leaves nothing behind", async () => {
    await expect(
      r.transaction(async (tx) => {
        await tx.run("INSERT INTO sign_in_failures (key, at) VALUES (?, ?)", ["x", 1]);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await r.all("SELECT key FROM sign_in_failures", [])).toEqual([]);
  });
});
