import { describe, expect, it } from "vitest";
import { arnParam, link, routes } from "./routes";

const stageArn = "arn:aws:ivs:us-east-1:123456789012:stage/AbCd1234";

describe("routes", () => {
  it("keeps ARNs whole in paths and reads them back from either encoding", () => {
    const path = routes.stage(stageArn);
    expect(path).toBe("/stages/arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3Astage%2FAbCd1234");
    const segment = path.split("/")[2] ?? "";
    expect(arnParam(segment)).toBe(stageArn);
    expect(arnParam(stageArn)).toBe(stageArn);
  });

  it("builds find-a-user links with only the parameters given", () => {
    expect(routes.findUser()).toBe("/find-user");
    expect(routes.findUser("guest 7")).toBe("/find-user?userId=guest+7");
    expect(routes.findUser("guest-7", stageArn)).toBe(
      `/find-user?userId=guest-7&stage=${encodeURIComponent(stageArn)}`,
    );
    expect(routes.findUser(undefined, stageArn)).toBe(`/find-user?stage=${encodeURIComponent(stageArn)}`);
  });

  it("links a stage's sessions, optionally searching for a user", () => {
    expect(routes.stageSessions(stageArn)).toBe(`${routes.stage(stageArn)}/sessions`);
    expect(routes.stageSessions(stageArn, "host")).toBe(`${routes.stage(stageArn)}/sessions?userId=host`);
  });

  it("adds the console context to links that already carry a query", () => {
    const href = link({ region: "us-west-2", profile: "prod" }, routes.findUser("host"));
    const url = new URL(href, "http://console.test");
    expect(url.pathname).toBe("/find-user");
    expect(url.searchParams.get("userId")).toBe("host");
    expect(url.searchParams.get("region")).toBe("us-west-2");
  });
});
