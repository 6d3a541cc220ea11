/**
 * The two CloudWatch wire protocols the emulator speaks, reduced to one input form:
 * - AWS JSON 1.0: a JSON object, timestamps as epoch seconds (numbers);
 * - the query protocol: `application/x-www-form-urlencoded` with `A.member.N.B` keys, timestamps as ISO-8601.
 * Readers turn either into the typed inputs of query.ts (times in epoch ms); writers render outputs as JSON
 * or as the query protocol's XML.
 */
import { CloudWatchError, invalidValue, missingParameter, serialization } from "./errors";
import type { MetricId } from "./series";
import type {
  Datapoint,
  GetMetricDataInput,
  GetMetricDataOutput,
  GetMetricStatisticsInput,
  ListMetricsInput,
  MetricDataQueryInput,
} from "./query";

export type Protocol = "json" | "query";
export const xmlNamespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";

type Raw = Record<string, unknown>;

// ---- form decoding ------------------------------------------------------------------------------------------

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw serialization("Malformed percent-encoding in the form body.");
  }
}

interface Node {
  value?: string;
  readonly children: Map<string, Node>;
}

function toPlain(node: Node): unknown {
  if (node.children.size === 0) return node.value ?? "";
  const member = node.children.get("member");
  if (member && node.children.size === 1) {
    const entries = [...member.children.entries()];
    if (entries.every(([key]) => /^[1-9]\d{0,5}$/.test(key))) {
      return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => toPlain(child));
    }
  }
  const out: Raw = {};
  for (const [key, child] of node.children)
    Object.defineProperty(out, key, { value: toPlain(child), enumerable: true, writable: true });
  return out;
}

/** `Action=…&A.member.1.B=x` → `{ Action: "…", A: [{ B: "x" }] }`. An empty value for a list key is the empty list. */
export function parseForm(body: string): Raw {
  const root: Node = { children: new Map() };
  for (const part of body.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const value = decodeComponent(eq === -1 ? "" : part.slice(eq + 1));
    if (key === "" || key.split(".").some((segment) => segment === ""))
      throw serialization(`Malformed form key '${key.slice(0, 60)}'.`);
    let node = root;
    for (const segment of key.split(".")) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.value !== undefined || node.children.size > 0)
      throw serialization(`The form key '${key.slice(0, 60)}' is given more than once.`);
    node.value = value;
  }
  const plain = toPlain(root);
  return typeof plain === "object" && plain !== null && !Array.isArray(plain) ? (plain as Raw) : {};
}

export function parseJson(body: string): Raw {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw serialization("The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw serialization("The request body must be a JSON object.");
  return parsed as Raw;
}

// ---- typed readers ------------------------------------------------------------------------------------------

class Reader {
  constructor(
    private readonly protocol: Protocol,
    private readonly raw: Raw,
    private readonly at: string,
  ) {}

  private name(key: string): string {
    return this.at === "" ? key : `${this.at}.${key}`;
  }

  private wrongType(key: string, what: string): CloudWatchError {
    const message = `The value of ${this.name(key)} must be ${what}.`;
    return this.protocol === "json" ? serialization(message) : invalidValue(message);
  }

  private get(key: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.raw, key) ? this.raw[key] : undefined;
  }

  string(key: string): string | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw this.wrongType(key, "a string");
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw missingParameter(this.name(key));
    return value;
  }

  number(key: string, integer: boolean): number | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    const parsed =
      this.protocol === "query" && typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (typeof parsed !== "number" || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
      throw this.wrongType(key, integer ? "an integer" : "a number");
    }
    return parsed;
  }

  requiredInteger(key: string): number {
    const value = this.number(key, true);
    if (value === undefined) throw missingParameter(this.name(key));
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === "boolean") return value;
    if (this.protocol === "query" && (value === "true" || value === "false")) return value === "true";
    throw this.wrongType(key, "a boolean");
  }

  /** Epoch ms from epoch seconds (JSON) or an ISO-8601 date-time (query; JSON also tolerates it). */
  requiredTime(key: string): number {
    const value = this.get(key);
    if (value === undefined || value === null) throw missingParameter(this.name(key));
    if (typeof value === "number" && Number.isFinite(value)) return Math.round(value * 1000);
    if (typeof value === "string") {
      if (this.protocol === "query" && /^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
      const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
      if (Number.isFinite(ms)) return ms;
    }
    throw this.wrongType(key, "a timestamp");
  }

  list(key: string): Reader[] | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    if (this.protocol === "query" && value === "") return [];
    if (!Array.isArray(value)) throw this.wrongType(key, "a list");
    return value.map((item, n) => {
      if (typeof item !== "object" || item === null || Array.isArray(item))
        throw this.wrongType(`${key}.member.${n + 1}`, "a structure");
      return new Reader(
        this.protocol,
        item as Raw,
        this.protocol === "query" ? `${this.name(key)}.member.${n + 1}` : `${this.name(key)}.${n}`,
      );
    });
  }

  stringList(key: string): string[] | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    if (this.protocol === "query" && value === "") return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string"))
      throw this.wrongType(key, "a list of strings");
    return value as string[];
  }

  struct(key: string): Reader | undefined {
    const value = this.get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) throw this.wrongType(key, "a structure");
    return new Reader(this.protocol, value as Raw, this.name(key));
  }

  requiredStruct(key: string): Reader {
    const value = this.struct(key);
    if (value === undefined) throw missingParameter(this.name(key));
    return value;
  }
}

export const readerOf = (protocol: Protocol, raw: Raw) => new Reader(protocol, raw, "");

function dimensions(reader: Reader, needValue: boolean): Array<{ Name: string; Value: string }> {
  const list = reader.list("Dimensions") ?? [];
  if (list.length > 30) throw invalidValue("The collection Dimensions must not have a size greater than 30.");
  return list.map((d) => ({
    Name: d.requiredString("Name"),
    Value: needValue ? d.requiredString("Value") : (d.string("Value") ?? ""),
  }));
}

function metric(reader: Reader): MetricId {
  return {
    Namespace: reader.requiredString("Namespace"),
    MetricName: reader.requiredString("MetricName"),
    Dimensions: dimensions(reader, true),
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function readGetMetricData(reader: Reader): GetMetricDataInput {
  const queries = reader.list("MetricDataQueries");
  if (queries === undefined) throw missingParameter("MetricDataQueries");
  return {
    MetricDataQueries: queries.map((q): MetricDataQueryInput => {
      const stat = q.struct("MetricStat");
      return {
        Id: q.requiredString("Id"),
        ...optional(
          "MetricStat",
          stat && {
            Metric: metric(stat.requiredStruct("Metric")),
            Period: stat.requiredInteger("Period"),
            Stat: stat.requiredString("Stat"),
            ...optional("Unit", stat.string("Unit")),
          },
        ),
        ...optional("Expression", q.string("Expression")),
        ...optional("Label", q.string("Label")),
        ...optional("ReturnData", q.boolean("ReturnData")),
        ...optional("Period", q.number("Period", true)),
      };
    }),
    StartTime: reader.requiredTime("StartTime"),
    EndTime: reader.requiredTime("EndTime"),
    ...optional("NextToken", reader.string("NextToken")),
    ...optional("ScanBy", reader.string("ScanBy")),
    ...optional("MaxDatapoints", reader.number("MaxDatapoints", true)),
  };
}

export function readGetMetricStatistics(reader: Reader): GetMetricStatisticsInput {
  return {
    Namespace: reader.requiredString("Namespace"),
    MetricName: reader.requiredString("MetricName"),
    Dimensions: dimensions(reader, true),
    StartTime: reader.requiredTime("StartTime"),
    EndTime: reader.requiredTime("EndTime"),
    Period: reader.requiredInteger("Period"),
    ...optional("Statistics", reader.stringList("Statistics")),
    ...optional("ExtendedStatistics", reader.stringList("ExtendedStatistics")),
    ...optional("Unit", reader.string("Unit")),
  };
}

export function readListMetrics(reader: Reader): ListMetricsInput {
  const filters = reader.list("Dimensions");
  return {
    ...optional("Namespace", reader.string("Namespace")),
    ...optional("MetricName", reader.string("MetricName")),
    ...optional(
      "Dimensions",
      filters?.map((d) => ({ Name: d.requiredString("Name"), ...optional("Value", d.string("Value")) })),
    ),
    ...optional("NextToken", reader.string("NextToken")),
    ...optional("RecentlyActive", reader.string("RecentlyActive")),
  };
}

// ---- JSON output (epoch seconds) --------------------------------------------------------------------------

const seconds = (ms: number) => ms / 1000;

export function getMetricDataJson(output: GetMetricDataOutput): unknown {
  return {
    MetricDataResults: output.MetricDataResults.map((r) => ({
      ...r,
      Timestamps: r.Timestamps.map(seconds),
      Messages: [],
    })),
    ...optional("NextToken", output.NextToken),
    Messages: [],
  };
}

export function getMetricStatisticsJson(output: { Label: string; Datapoints: Datapoint[] }): unknown {
  return { Label: output.Label, Datapoints: output.Datapoints.map((d) => ({ ...d, Timestamp: seconds(d.Timestamp) })) };
}

// ---- XML output ------------------------------------------------------------------------------------------

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );
}

const el = (name: string, content: string) => `<${name}>${content}</${name}>`;
const text = (name: string, value: string) => el(name, escapeXml(value));
const members = <T>(name: string, items: readonly T[], render: (item: T) => string) =>
  items.length === 0 ? `<${name}/>` : el(name, items.map((item) => el("member", render(item))).join(""));
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
const dims = (list: MetricId["Dimensions"]) =>
  members("Dimensions", list, (d) => text("Name", d.Name) + text("Value", d.Value));

export function xmlDocument(action: string, result: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${xmlNamespace}">${el(`${action}Result`, result)}${el(
    "ResponseMetadata",
    text("RequestId", requestId),
  )}</${action}Response>\n`;
}

export function getMetricDataXml(output: GetMetricDataOutput): string {
  return (
    members(
      "MetricDataResults",
      output.MetricDataResults,
      (r) =>
        text("Id", r.Id) +
        text("Label", r.Label) +
        members("Timestamps", r.Timestamps, (t) => escapeXml(isoSeconds(t))) +
        members("Values", r.Values, (v) => String(v)) +
        text("StatusCode", r.StatusCode) +
        "<Messages/>",
    ) +
    (output.NextToken === undefined ? "" : text("NextToken", output.NextToken)) +
    "<Messages/>"
  );
}

export function getMetricStatisticsXml(output: { Label: string; Datapoints: Datapoint[] }): string {
  const stats = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;
  return (
    text("Label", output.Label) +
    members(
      "Datapoints",
      output.Datapoints,
      (d) =>
        text("Timestamp", isoSeconds(d.Timestamp)) +
        stats.map((s) => (d[s] === undefined ? "" : text(s, String(d[s])))).join("") +
        text("Unit", d.Unit),
    )
  );
}

export function listMetricsXml(output: { Metrics: MetricId[]; NextToken?: string }): string {
  return (
    members(
      "Metrics",
      output.Metrics,
      (m) => text("Namespace", m.Namespace) + text("MetricName", m.MetricName) + dims(m.Dimensions),
    ) + (output.NextToken === undefined ? "" : text("NextToken", output.NextToken))
  );
}

export function errorXml(error: CloudWatchError, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${xmlNamespace}">${el(
    "Error",
    text("Type", error.fault) + text("Code", error.code) + text("Message", error.message),
  )}${text("RequestId", requestId)}</ErrorResponse>\n`;
}
