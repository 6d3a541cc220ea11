import * as sdk from "@aws-sdk/client-ivs-realtime";
import { describe, expect, it } from "vitest";
import * as enums from "./enums";

const sdkExports: Record<string, unknown> = { ...sdk };
const ours: Record<string, unknown> = { ...enums };

/** Enum names: every `…Values` export of enums.ts. */
const enumNames = Object.keys(ours)
  .filter((key) => key.endsWith("Values"))
  .map((key) => key.slice(0, -"Values".length));

/** The SDK's enum constants are plain objects whose keys equal their string values. */
const sdkEnumNames = Object.entries(sdkExports)
  .filter(
    ([, value]) =>
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      Object.entries(value).length > 0 &&
      Object.entries(value).every(([k, v]) => k === v),
  )
  .map(([key]) => key);

describe("enums", () => {
  it("declares the same 21 enums as the SDK", () => {
    expect(enumNames).toHaveLength(21);
    expect([...enumNames].sort()).toEqual([...sdkEnumNames].sort());
  });

  it.each(enumNames)("%s has the SDK's values, and its schema accepts exactly them", (name) => {
    const values = ours[`${name}Values`] as readonly string[];
    const schema = ours[name] as { options: readonly string[] };
    expect([...values].sort()).toEqual(Object.values(sdkExports[name] as Record<string, string>).sort());
    expect(schema.options).toEqual([...values]);
  });
});
