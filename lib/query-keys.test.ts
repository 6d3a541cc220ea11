import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { invalidations, ivsKeys, operationOfKey, presetKeys } from "./query-keys";

describe("the key factory's invalidation policies", () => {
  const here = { region: "eu-west-1" };
  const elsewhere = { region: "us-east-1" };

  function seeded() {
    const client = new QueryClient();
    const keys = {
      stages: ivsKeys.read(here, "ListStages", {}),
      allStages: ivsKeys.allPages(here, "ListStages", { maxResults: 100 }),
      encoder: ivsKeys.read(here, "GetEncoderConfiguration", {
        arn: "arn:aws:ivs:eu-west-1:1:encoder-configuration/a",
      }),
      publicKey: ivsKeys.read(here, "GetPublicKey", { arn: "arn:aws:ivs:eu-west-1:1:public-key/a" }),
      otherRegion: ivsKeys.read(elsewhere, "ListStages", {}),
      presets: presetKeys.all,
    };
    for (const key of Object.values(keys)) client.setQueryData(key, 1);
    return { client, keys };
  }

  it("an IVS write makes every read of its context stale, except the immutable details and other contexts", async () => {
    const { client, keys } = seeded();
    await client.invalidateQueries(invalidations.ivs(here));
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(keys.stages)).toBe(true);
    expect(stale(keys.allStages)).toBe(true);
    expect(stale(keys.encoder)).toBe(false);
    expect(stale(keys.publicKey)).toBe(false);
    expect(stale(keys.otherRegion)).toBe(false);
    expect(stale(keys.presets)).toBe(false);
  });

  it("a preset write makes only the presets stale", async () => {
    const { client, keys } = seeded();
    await client.invalidateQueries(invalidations.presets());
    expect(client.getQueryState(keys.presets)?.isInvalidated).toBe(true);
    expect(client.getQueryState(keys.stages)?.isInvalidated).toBe(false);
  });

  it("reads the operation out of an IVS key only", () => {
    expect(operationOfKey(ivsKeys.read(here, "GetStage", { arn: "x" }))).toBe("GetStage");
    expect(operationOfKey(presetKeys.all)).toBeUndefined();
  });
});
