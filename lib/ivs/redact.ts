/**
 * The two members the IVS model marks sensitive: participant tokens (`token`) and stream keys
 * (`streamKey`). Everything that leaves the server for the browser is a `BrowserSafe` value, and only
 * `redactSecrets` makes one — unless a user explicitly asked to reveal one secret (`revealSecret`, used by the
 * action client for the actions declared `reveals`, and nowhere else).
 */
const sensitiveMembers = new Set(["token", "streamKey"]);

export const secretMask = "••••••••";

declare const browserSafe: unique symbol;

/**
 * A value that may reach the browser: route handler bodies, props a server page passes to client components,
 * server action results. Type-only (nothing changes at run time): only `redactSecrets` and `revealSecret` make one.
 */
export type BrowserSafe<T> = T & { readonly [browserSafe]: true };

/** Keeps the non-secret prefix of a stream key (`rt_<account>_<region>_<configId>_`), masks the rest. */
export function maskSecret(member: string, value: string): string {
  if (member === "streamKey") {
    const cut = value.lastIndexOf("_");
    return cut > 0 ? `${value.slice(0, cut + 1)}${secretMask}` : secretMask;
  }
  return secretMask;
}

/** The one masking step: a copy of `value` with every token and stream key masked. */
export function redactSecrets<T>(value: T): BrowserSafe<T> {
  return redact(value, "") as BrowserSafe<T>;
}

/**
 * The visible bypass: the answer to an action whose purpose is to hand a secret to the user who asked for it
 * (reveal a stream key, mint a participant token). The action client calls it for actions declared `reveals`.
 */
export function revealSecret<T>(value: T): BrowserSafe<T> {
  return value as BrowserSafe<T>;
}

function redact(value: unknown, member: string): unknown {
  if (typeof value === "string") return sensitiveMembers.has(member) && value ? maskSecret(member, value) : value;
  if (Array.isArray(value)) return value.map((item) => redact(item, member));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redact(item, key)]));
  }
  return value;
}
