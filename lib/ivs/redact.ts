/**
 * The two members the IVS model marks sensitive: participant tokens (`token`) and stream keys
 * (`streamKey`). Everything that leaves the server for the browser passes through `redactSecrets`,
 * unless a user explicitly asked to reveal one secret.
 */
const sensitiveMembers = new Set(["token", "streamKey"]);

export const secretMask = "••••••••";

/** Keeps the non-secret prefix of a stream key (`rt_<account>_<region>_<configId>_`), masks the rest. */
export function maskSecret(member: string, value: string): string {
  if (member === "streamKey") {
    const cut = value.lastIndexOf("_");
    return cut > 0 ? `${value.slice(0, cut + 1)}${secretMask}` : secretMask;
  }
  return secretMask;
}

export function redactSecrets<T>(value: T): T {
  return redact(value, "") as T;
}

function redact(value: unknown, member: string): unknown {
  if (typeof value === "string") return sensitiveMembers.has(member) && value ? maskSecret(member, value) : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, member));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, key)]));
  }
  return value;
}
