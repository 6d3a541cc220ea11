import type { OperationName } from "@/lib/ivs/operations";

/**
 * Who may do what: the one table. Pure and isomorphic — the server refuses with it (`runIvsMutation`,
 * route handlers, user and audit pages) and the browser hides controls with it (`<Can>`).
 */
export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export const roleLabels: Record<Role, string> = { viewer: "Viewer", operator: "Operator", admin: "Admin" };

export const roleDescriptions: Record<Role, string> = {
  viewer: "Sees everything except secrets; changes nothing.",
  operator:
    "Also mints participant tokens, disconnects participants, starts and stops compositions and replication, reveals stream keys.",
  admin:
    "Also creates, updates and deletes stages and configurations, imports and deletes public keys, edits tags, manages users and reads the audit trail.",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

/** True when `role` is at least `minimum`. */
export function hasRole(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** The minimum role of each of the 39 IVS Real-Time operations (every Get and List: viewer). */
export const operationRoles = {
  // Stages
  CreateStage: "admin",
  GetStage: "viewer",
  UpdateStage: "admin",
  DeleteStage: "admin",
  ListStages: "viewer",
  CreateParticipantToken: "operator",
  DisconnectParticipant: "operator",
  // Sessions and participants
  GetStageSession: "viewer",
  ListStageSessions: "viewer",
  GetParticipant: "viewer",
  ListParticipants: "viewer",
  ListParticipantEvents: "viewer",
  // Participant replication
  StartParticipantReplication: "operator",
  StopParticipantReplication: "operator",
  ListParticipantReplicas: "viewer",
  // Compositions
  StartComposition: "operator",
  GetComposition: "viewer",
  StopComposition: "operator",
  ListCompositions: "viewer",
  // Encoder configurations
  CreateEncoderConfiguration: "admin",
  GetEncoderConfiguration: "viewer",
  DeleteEncoderConfiguration: "admin",
  ListEncoderConfigurations: "viewer",
  // Storage configurations
  CreateStorageConfiguration: "admin",
  GetStorageConfiguration: "viewer",
  DeleteStorageConfiguration: "admin",
  ListStorageConfigurations: "viewer",
  // Ingest configurations (reads come back with the stream key masked; see RevealStreamKey)
  CreateIngestConfiguration: "admin",
  GetIngestConfiguration: "viewer",
  UpdateIngestConfiguration: "admin",
  DeleteIngestConfiguration: "admin",
  ListIngestConfigurations: "viewer",
  // Public keys
  ImportPublicKey: "admin",
  GetPublicKey: "viewer",
  DeletePublicKey: "admin",
  ListPublicKeys: "viewer",
  // Tags
  ListTagsForResource: "viewer",
  TagResource: "admin",
  UntagResource: "admin",
} as const satisfies Record<OperationName, Role>;

/** Console permissions that are not one IVS operation. */
export const consolePermissionRoles = {
  /** Read one ingest configuration's stream key in full (audited as a reveal). */
  RevealStreamKey: "operator",
  /** Create users, change roles, disable, reset passwords. */
  ManageUsers: "admin",
  /** Read and export the audit trail. */
  ViewAudit: "admin",
  /** Acknowledge a firing alert. */
  AcknowledgeAlerts: "operator",
  /** Create, change and delete alert rules and webhooks; read the webhook delivery log. */
  ManageAlerts: "admin",
} as const satisfies Record<string, Role>;

export type ConsolePermission = keyof typeof consolePermissionRoles;
export type Permission = OperationName | ConsolePermission;

export function requiredRole(permission: Permission): Role {
  return permission in operationRoles
    ? operationRoles[permission as OperationName]
    : consolePermissionRoles[permission as ConsolePermission];
}

/** May `role` do `permission`? (No role — signed out — may do nothing.) */
export function can(role: Role | undefined | null, permission: Permission): boolean {
  return role ? hasRole(role, requiredRole(permission)) : false;
}

const verbs: Partial<Record<Permission, string>> = {
  RevealStreamKey: "reveal stream keys",
  ManageUsers: "manage users",
  ViewAudit: "read the audit trail",
  AcknowledgeAlerts: "acknowledge alerts",
  ManageAlerts: "edit alert rules and webhooks",
};

/** "CreateParticipantToken" → "create participant token". */
function spaced(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** The readable refusal the server returns (code `AccessDenied`). */
export function accessDeniedMessage(role: Role, permission: Permission): string {
  const needed = requiredRole(permission);
  const what = verbs[permission] ?? spaced(permission);
  return `Your role (${roleLabels[role].toLowerCase()}) may not ${what}: it needs the ${roleLabels[needed].toLowerCase()} role${
    needed === "admin" ? "" : " or higher"
  }. Nothing was changed.`;
}
