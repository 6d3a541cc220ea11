import { describe, expect, it, vi } from "vitest";
import { auditLog } from "@/server/auth/audit";
import { actAs, routeRequest, signOutFake } from "@/server/auth/testing";
import { GET } from "./route";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

const url = "http://console.test/audit/export";

describe("GET /audit/export", () => {
  it("is for admins only: 401 signed out, 403 for viewers and operators", async () => {
    signOutFake();
    expect((await GET(routeRequest(url))).status).toBe(401);
    for (const role of ["viewer", "operator"] as const) {
      await actAs(role);
      const answer = await GET(routeRequest(url));
      expect(answer.status).toBe(403);
      expect(await answer.json()).toMatchObject({ error: { code: "AccessDenied" } });
    }
  });

  it("exports CSV and JSON with the page's filters", async () => {
    const admin = await actAs("admin");
    await auditLog().append({
      actor: admin,
      kind: "mutation",
      operation: "DeleteStage",
      target: "arn:aws:ivs:eu-west-1:123456789012:stage/AbCdEfGh1234",
      outcome: "success",
    });
    await auditLog().append({
      actor: admin,
      kind: "mutation",
      operation: "CreateStage",
      outcome: "failure",
      errorCode: "ValidationException",
    });
    const csv = await GET(routeRequest(`${url}?format=csv&operation=DeleteStage`));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const text = await csv.text();
    expect(text).toContain('"DeleteStage"');
    expect(text).not.toContain('"CreateStage"');
    const json = await GET(routeRequest(`${url}?format=json&outcome=failure`));
    const body = (await json.json()) as { exportedBy: string; records: { operation: string; outcome: string }[] };
    expect(body.exportedBy).toBe(admin.username);
    expect(body.records.every((record) => record.outcome === "failure")).toBe(true);
    expect(body.records.map((record) => record.operation)).toContain("CreateStage");
  });
});
