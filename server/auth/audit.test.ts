import { describe, expect, it } from "vitest";
import { accountFromArn, auditInput, createAuditLog } from "./audit";
import { auditCsv, auditFilterFrom, csvCell } from "./audit-filter";
import { auditTarget } from "./audit-target";
import { freshAuthDb } from "./test-db";

const actor = { id: 1, username: "jane", role: "operator" as const };
const stageArn = "arn:aws:ivs:eu-west-1:123456789012:stage/AbCdEfGh1234";

describe("audit trail", () => {
  it("records who, role, when, what, target, region, account, masked input, outcome and request id", () => {
    let now = Date.UTC(2026, 10, 25, 9, 30);
    const log = createAuditLog(freshAuthDb(), () => now);
    log.append({
      actor,
      kind: "mutation",
      operation: "CreateParticipantToken",
      target: stageArn,
      region: "eu-west-1",
      input: { stageArn, userId: "guest", token: "eyJhbGciOiJFUzM4NCJ9.secret.sig" },
      outcome: "success",
      requestId: "req-1",
      ip: "198.51.100.1",
    });
    now += 1000;
    log.append({
      actor,
      kind: "reveal",
      operation: "RevealStreamKey",
      target: "arn:aws:ivs:eu-west-1:123456789012:ingest-configuration/X",
      region: "eu-west-1",
      outcome: "denied",
      errorCode: "AccessDenied",
    });
    const [reveal, mint] = log.query();
    expect(mint).toMatchObject({
      at: "2026-11-25T09:30:00.000Z",
      username: "jane",
      role: "operator",
      kind: "mutation",
      operation: "CreateParticipantToken",
      target: stageArn,
      region: "eu-west-1",
      account: "123456789012",
      outcome: "success",
      requestId: "req-1",
      ip: "198.51.100.1",
    });
    expect(mint?.input).toContain('"userId":"guest"');
    expect(mint?.input).not.toContain("secret.sig");
    expect(reveal).toMatchObject({ operation: "RevealStreamKey", outcome: "denied", errorCode: "AccessDenied" });
  });

  it("is append-only: the database refuses UPDATE and DELETE", () => {
    const db = freshAuthDb();
    const log = createAuditLog(db);
    log.append({ actor, kind: "mutation", operation: "DeleteStage", outcome: "failure" });
    expect(() => db.prepare("UPDATE audit_log SET outcome = 'success'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect(log.query()).toHaveLength(1);
  });

  it("filters by user, operation, outcome and time, newest first, with paging", () => {
    let now = Date.UTC(2026, 10, 25, 9, 0);
    const log = createAuditLog(freshAuthDb(), () => now);
    for (const [username, operation, outcome] of [
      ["jane", "CreateStage", "success"],
      ["john", "DeleteStage", "failure"],
      ["jane", "DeleteStage", "denied"],
      ["jane", "DeleteStage", "success"],
    ] as const) {
      log.append({ actor: { ...actor, username }, kind: "mutation", operation, outcome });
      now += 60_000;
    }
    expect(log.query({ user: "JANE" }).map((r) => r.operation)).toEqual(["DeleteStage", "DeleteStage", "CreateStage"]);
    expect(log.query({ operation: "DeleteStage", outcome: "success" })).toHaveLength(1);
    expect(log.query({ from: "2026-11-25T09:01:00.000Z", to: "2026-11-25T09:02:00.000Z" })).toHaveLength(2);
    const first = log.query({ limit: 2 });
    expect(log.query({ beforeId: first[1]?.id })).toHaveLength(2);
    expect(log.users()).toEqual(["jane", "john"]);
    expect(log.operations()).toEqual(["CreateStage", "DeleteStage"]);
  });

  it("reads filters from a URL (datetime-local as UTC)", () => {
    const filter = auditFilterFrom(
      new URLSearchParams("user=jane&outcome=nonsense&from=2026-11-25T09:00&to=2026-11-25T10:00&before=7"),
      50,
    );
    expect(filter).toMatchObject({
      user: "jane",
      outcome: undefined,
      from: "2026-11-25T09:00:00.000Z",
      to: "2026-11-25T10:00:59.999Z",
      beforeId: 7,
      limit: 50,
    });
  });

  it("never records passwords, and bounds the input", () => {
    expect(auditInput({ username: "jane", password: "hunter2hunter2" })).toBe(
      '{"username":"jane","password":"[not recorded]"}',
    );
    expect(auditInput({ streamKey: "rt_123456789012_eu-west-1_abc_sk_live_SECRET" })).not.toContain("SECRET");
    expect(auditInput({ big: "x".repeat(10_000) })?.length).toBeLessThan(4100);
    expect(auditInput(undefined)).toBeNull();
  });

  it("takes the account from the ARN and the target from the answer or the input", () => {
    expect(accountFromArn(stageArn)).toBe("123456789012");
    expect(accountFromArn("user:jane")).toBeUndefined();
    expect(auditTarget({ name: "x" }, { stage: { arn: stageArn }, participantTokens: [] })).toBe(stageArn);
    expect(auditTarget({ resourceArn: stageArn, tags: {} })).toBe(stageArn);
    expect(
      auditTarget({ sourceStageArn: stageArn, destinationStageArn: "arn:aws:ivs:eu-west-1:123456789012:stage/B" }),
    ).toBe(stageArn);
    expect(auditTarget({})).toBeUndefined();
  });

  it("exports CSV with formulas defused", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('""');
    const log = createAuditLog(freshAuthDb());
    log.append({ actor, kind: "mutation", operation: "DeleteStage", target: stageArn, outcome: "success" });
    const csv = auditCsv(log.query());
    expect(csv.split("\r\n")[0]).toBe(
      "id,at,username,role,kind,operation,target,region,account,outcome,errorCode,requestId,ip,input",
    );
    expect(csv).toContain(`"DeleteStage","${stageArn}"`);
  });
});
