import "server-only";
import type { OperationSpec } from "@/lib/ivs/operation";

/** An IVS request before signing: what restJson1 puts on the wire for one operation call. */
export interface WireRequest {
  readonly method: OperationSpec["method"];
  /** The path with labels percent-encoded, e.g. `/tags/arn%3Aaws%3Aivs%3A…%2Fabc`. */
  readonly path: string;
  readonly query: Record<string, string[]>;
  /** JSON text for POST operations; undefined for GET and DELETE. */
  readonly body: string | undefined;
}

/** encodeURIComponent plus the characters RFC 3986 reserves that it leaves alone (as AWS SDKs do). */
export function encodeLabel(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const labelPattern = /\{([A-Za-z0-9_]+)\}/g;

/** Builds method, path, query and JSON body of one call from the operation's spec and its input. */
export function buildWireRequest(spec: Pick<OperationSpec, "method" | "path" | "query">, input: object): WireRequest {
  const members = input as Record<string, unknown>;
  const bound = new Set<string>(spec.query ?? []);
  const path = spec.path.replace(labelPattern, (_, name: string) => {
    bound.add(name);
    const value = members[name];
    if (typeof value !== "string" || value === "") throw new TypeError(`Missing path member "${name}"`);
    return encodeLabel(value);
  });
  const query: Record<string, string[]> = {};
  for (const name of spec.query ?? []) {
    const value = members[name];
    if (value === undefined) continue;
    query[name] = (Array.isArray(value) ? value : [value]).map(String);
  }
  if (spec.method !== "POST") return { method: spec.method, path, query, body: undefined };
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(members)) {
    if (value !== undefined && !bound.has(key)) payload[key] = value;
  }
  return { method: spec.method, path, query, body: JSON.stringify(payload) };
}
