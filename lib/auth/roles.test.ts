import { describe, expect, it } from "vitest";
import { operationNames, operations } from "@/lib/ivs/operations";
import {
  accessDeniedMessage,
  can,
  consolePermissionRoles,
  hasRole,
  operationRoles,
  requiredRole,
  roles,
} from "./roles";

describe("the operation → minimum role table", () => {
  it("covers exactly the 39 operations", () => {
    expect(operationNames).toHaveLength(39);
    expect(Object.keys(operationRoles).sort()).toEqual([...operationNames].sort());
  });

  it("lets viewers read everything and change nothing", () => {
    for (const name of operationNames) {
      expect(operationRoles[name] === "viewer", name).toBe(!operations[name].mutating);
    }
  });

  it("gives operators exactly the live-show operations", () => {
    const operator = operationNames.filter((name) => operationRoles[name] === "operator").sort();
    expect(operator).toEqual([
      "CreateParticipantToken",
      "DisconnectParticipant",
      "StartComposition",
      "StartParticipantReplication",
      "StopComposition",
      "StopParticipantReplication",
    ]);
    expect(consolePermissionRoles.RevealStreamKey).toBe("operator");
  });

  it("keeps resource lifecycle, keys, tags, users and the audit trail for admins", () => {
    const admin = operationNames.filter((name) => operationRoles[name] === "admin");
    expect(admin).toHaveLength(14);
    for (const name of [
      "CreateStage",
      "UpdateStage",
      "DeleteStage",
      "ImportPublicKey",
      "DeletePublicKey",
      "TagResource",
      "UntagResource",
      "UpdateIngestConfiguration",
    ] as const) {
      expect(admin).toContain(name);
    }
    expect(requiredRole("ManageUsers")).toBe("admin");
    expect(requiredRole("ViewAudit")).toBe("admin");
  });

  it("orders roles viewer < operator < admin", () => {
    expect(roles).toEqual(["viewer", "operator", "admin"]);
    expect(hasRole("admin", "operator")).toBe(true);
    expect(hasRole("operator", "admin")).toBe(false);
    expect(hasRole("viewer", "viewer")).toBe(true);
    expect(can("operator", "StopComposition")).toBe(true);
    expect(can("viewer", "StopComposition")).toBe(false);
    expect(can(undefined, "ListStages")).toBe(false);
    expect(can(null, "GetStage")).toBe(false);
  });

  it("explains a refusal in words", () => {
    expect(accessDeniedMessage("viewer", "StopComposition")).toBe(
      "Your role (viewer) may not stop composition: it needs the operator role or higher. Nothing was changed.",
    );
    expect(accessDeniedMessage("operator", "ManageUsers")).toContain("may not manage users: it needs the admin role.");
  });
});
