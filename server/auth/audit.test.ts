import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "@/server/db/testing";
import { accountFromArn, auditInput, createAuditLog } from "./audit";
import { auditCsv, auditFilterFrom, csvCell } from "./audit-filter";
import { auditTarget } from "./audit-target";

const actor = { id: 1, username: "jane", role: "operator" as const };
const stageArn = "arn:aws:ivs:eu-west-1:123456789012:stage/AbCdEfGh1234";

describe.each(testEngines)("audit trail on %s", (engine) => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await openTestDatabase(engine);
  });
  afterEach(() => handle.close());

  it("records who, role, when, what, target, region, account, masked input, outcome and request id", async () => {
    let now = Date.UTC(2026, 10, 25, 9, 30);
    const log = createAuditLog(
      async () => handle,
      () => now,
    );
    await log.append({
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
    await log.append({
      actor,
      kind: "reveal",
      operation: "RevealStreamKey",
      target: "arn:aws:ivs:eu-west-1:123456789012:ingest-configuration/X",
      region: "eu-west-1",
      outcome: "denied",
      errorCode: "AccessDenied",
    });
    const [reveal, mint] = await log.query();
    expect(mint).toMatchObject({
      at: "2026-11-25T09:30:00.000Z",
      userId: 1,
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

  it("is append-only: the database refuses UPDATE and DELETE", async () => {
    const log = createAuditLog(async () => handle);
    await log.append({ actor, kind: "mutation", operation: "DeleteStage", outcome: "failure" });
    await expect(sql`UPDATE audit_log SET outcome = 'success'`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(handle.db)).rejects.toThrow(/append-only/);
    expect(await log.query()).toEqual([expect.objectContaining({ outcome: "failure" })]);
  });

  it("filters by user (any case), operation, outcome and time, newest first, with paging", async () => {
    let now = Date.UTC(2026, 10, 25, 9, 0);
    const log = createAuditLog(
      async () => handle,
      () => now,
    );
    for (const [username, operation, outcome] of [
      ["jane", "CreateStage", "success"],
      ["john", "DeleteStage", "failure"],
      ["Jane", "DeleteStage", "denied"],
      ["jane", "DeleteStage", "success"],
    ] as const) {
      await log.append({ actor: { ...actor, username }, kind: "mutation", operation, outcome });
      now += 60_000;
    }
    expect((await log.query({ user: "JANE" })).map((r) => r.operation)).toEqual([
      "DeleteStage",
      "DeleteStage",
      "CreateStage",
    ]);
    expect(await log.query({ operation: "DeleteStage", outcome: "success" })).toHaveLength(1);
    expect(await log.query({ from: "2026-11-25T09:01:00.000Z", to: "2026-11-25T09:02:00.000Z" })).toHaveLength(2);
    const first = await log.query({ limit: 2 });
    expect(await log.query({ beforeId: first[1]?.id })).toHaveLength(2);
    expect(await log.users()).toEqual(["Jane", "jane", "john"]);
    expect(await log.operations()).toEqual(["CreateStage", "DeleteStage"]);
  });

  it("exports CSV with formulas defused", async () => {
    const log = createAuditLog(async () => handle);
    await log.append({ actor, kind: "mutation", operation: "DeleteStage", target: stageArn, outcome: "success" });
    const csv = auditCsv(await log.query());
    expect(csv.split("\r\n")[0]).toBe(
      "id,at,username,role,kind,operation,target,region,account,outcome,errorCode,requestId,ip,input",
    );
    expect(csv).toContain(`"DeleteStage","${stageArn}"`);
  });
});

describe("audit trail", () => {
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

  it("defuses formulas in CSV cells", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('""');
  });
});
