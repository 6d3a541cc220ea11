import { describe, expect, it } from "vitest";
import { contextFrom, withContext } from "./context";

describe("console context in the URL", () => {
  it("reads region and profile, falling back on invalid values", () => {
    expect(contextFrom(new URLSearchParams("region=eu-west-1&profile=prod"), "us-east-1")).toEqual({
      region: "eu-west-1",
      profile: "prod",
    });
    expect(contextFrom({ region: "not a region", profile: "bad profile!" }, "us-east-1")).toEqual({
      region: "us-east-1",
    });
    expect(contextFrom({ region: ["ap-south-1", "x"] }, "us-east-1")).toEqual({ region: "ap-south-1" });
  });

  it("writes the context into links, keeping other params", () => {
    expect(withContext("/stages", { region: "us-west-2" })).toBe("/stages?region=us-west-2");
    expect(withContext("/stages?q=news", { region: "us-west-2", profile: "p" })).toBe(
      "/stages?q=news&region=us-west-2&profile=p",
    );
  });
});
