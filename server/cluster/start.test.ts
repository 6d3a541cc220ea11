import { describe, expect, it } from "vitest";
import { createBuildCheck } from "./start";

describe("build check between instances", () => {
  it("names another build once, and says nothing about its own build or other messages", () => {
    const logs: string[] = [];
    const check = createBuildCheck("build-a", (message) => logs.push(message));
    check({ t: "hello", instance: "host:1:aa", build: "build-a" });
    check({ t: "watch", scope: { region: "us-east-1", profile: "" }, topics: [], until: 0 });
    expect(logs).toEqual([]);
    check({ t: "hello", instance: "host:2:bb", build: "build-b" });
    check({ t: "hello", instance: "host:2:bb", build: "build-b" });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain("host:2:bb runs build build-b, this one runs build-a");
  });
});
