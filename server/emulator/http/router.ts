/**
 * Stage (c), the router: (method, raw request target) → operation + decoded path labels + parsed
 * query, built from the operation table (`POST /<Name>`, `GET|POST|DELETE /tags/{resourceArn}`).
 * `/_emulator/` is reserved for the emulator's own endpoints (health now, control API later).
 */
import type { OperationSpec } from "@/lib/ivs/operation";
import { EmulatorError } from "@/server/emulator/errors";

export type QueryValues = Readonly<Record<string, string | readonly string[]>>;

export interface OperationRoute {
  readonly kind: "operation";
  readonly spec: OperationSpec;
  /** Path label values, percent-decoded (e.g. `{ resourceArn: "arn:aws:ivs:…" }`). */
  readonly labels: Readonly<Record<string, string>>;
  /** Raw, still percent-encoded path, exactly as received (SigV4 canonicalizes this). */
  readonly rawPath: string;
  readonly query: QueryValues;
}

export interface EmulatorRoute {
  readonly kind: "emulator";
  /** Path below `/_emulator`, e.g. `/health`. */
  readonly subPath: string;
  readonly rawPath: string;
  readonly query: QueryValues;
}

export type Route = OperationRoute | EmulatorRoute;

export const emulatorPrefix = "/_emulator";

/** 404 for a (method, path) pair no operation has. Body uses `message` (not a modeled IVS error). */
export function unknownOperation(method: string, path: string): EmulatorError {
  return new EmulatorError(
    "UnknownOperationException",
    404,
    `No IVS Real-Time operation matches ${method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`,
    "message",
  );
}

function malformed(message: string): EmulatorError {
  return new EmulatorError("SerializationException", 400, message, "message");
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw malformed(`Malformed percent-encoding in ${what}`);
  }
}

/**
 * Parse a raw query string. Keys and values are percent-decoded (`+` is kept literally, as AWS
 * SigV4 canonicalization does); a key given once maps to a string, a repeated key to an array in
 * order of appearance; `k` without `=` maps to "".
 */
export function parseQuery(rawQuery: string): QueryValues {
  const values = new Map<string, string[]>();
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decode(eq === -1 ? part : part.slice(0, eq), "the query string");
    const value = eq === -1 ? "" : decode(part.slice(eq + 1), "the query string");
    const existing = values.get(key);
    if (existing === undefined) values.set(key, [value]);
    else existing.push(value);
  }
  // Object.fromEntries defines own properties, so a key such as "__proto__" stays plain data.
  return Object.fromEntries([...values].map(([key, list]) => [key, list.length === 1 ? (list[0] ?? "") : list]));
}

interface Pattern {
  readonly spec: OperationSpec;
  /** Literal segments, or a label name for `{label}` segments. */
  readonly segments: ReadonlyArray<{ readonly literal: string } | { readonly label: string }>;
}

function compile(spec: OperationSpec): Pattern {
  if (!spec.path.startsWith("/")) throw new Error(`operation ${spec.name}: path must start with "/": ${spec.path}`);
  const segments = spec.path
    .slice(1)
    .split("/")
    .map((segment) => {
      const label = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (label?.[1] !== undefined) return { label: label[1] };
      if (segment.includes("{") || segment.includes("}")) {
        throw new Error(`operation ${spec.name}: unsupported path segment ${segment} (only whole-segment labels)`);
      }
      return { literal: segment };
    });
  return { spec, segments };
}

export type Router = (method: string, rawTarget: string) => Route;

/** Build the router for an operation table. Throws at construction on conflicting or malformed routes. */
export function createRouter(specs: Iterable<OperationSpec>): Router {
  const byMethod = new Map<string, Pattern[]>();
  const literalIndex = new Map<string, OperationSpec>();
  for (const spec of specs) {
    const pattern = compile(spec);
    const key = `${spec.method} ${spec.path}`;
    if (literalIndex.has(key)) throw new Error(`two operations share the route ${key}`);
    literalIndex.set(key, spec);
    byMethod.set(spec.method, [...(byMethod.get(spec.method) ?? []), pattern]);
  }

  return (method, rawTarget) => {
    const q = rawTarget.indexOf("?");
    const rawPath = q === -1 ? rawTarget : rawTarget.slice(0, q);
    const rawQuery = q === -1 ? "" : rawTarget.slice(q + 1);

    if (rawPath === emulatorPrefix || rawPath.startsWith(`${emulatorPrefix}/`)) {
      return {
        kind: "emulator",
        subPath: rawPath.slice(emulatorPrefix.length) || "/",
        rawPath,
        query: parseQuery(rawQuery),
      };
    }
    if (!rawPath.startsWith("/")) throw unknownOperation(method, rawPath);

    const received = rawPath.slice(1).split("/");
    for (const pattern of byMethod.get(method) ?? []) {
      if (pattern.segments.length !== received.length) continue;
      const labels: Record<string, string> = {};
      let matches = true;
      for (let i = 0; i < received.length && matches; i++) {
        const want = pattern.segments[i];
        const got = received[i] ?? "";
        if (want === undefined) matches = false;
        else if ("literal" in want) matches = want.literal === got;
        else if (got === "") matches = false;
        else labels[want.label] = decode(got, `the path label ${want.label}`);
      }
      if (matches) return { kind: "operation", spec: pattern.spec, labels, rawPath, query: parseQuery(rawQuery) };
    }
    throw unknownOperation(method, rawPath);
  };
}
