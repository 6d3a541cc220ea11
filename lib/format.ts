export { arnId } from "./arn";

/** `key=value` pairs of a tag map, sorted by key. */
export function formatTags(tags: Readonly<Record<string, string>> | undefined): string {
  if (!tags) return "";
  return Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key] ?? ""}`)
    .join(", ");
}

/**
 * Parses `key=value` pairs separated by commas or new lines (participant attributes); returns the map or a
 * readable error. A key given twice is an error: silently keeping one of them would lose what was typed.
 * Resource tags have more rules: `parseTagText` in components/resources/tags.ts.
 */
export function parseTags(text: string): { ok: true; tags: Record<string, string> } | { ok: false; error: string } {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const part of text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0) return { ok: false, error: `"${part}" is not key=value.` };
    const key = part.slice(0, eq).trim();
    if (seen.has(key)) return { ok: false, error: `The key "${key}" is used twice.` };
    seen.add(key);
    entries.push([key, part.slice(eq + 1).trim()]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary entry.
  return { ok: true, tags: Object.fromEntries(entries) };
}

/** "1 h 5 min", "42 s": a duration between two ISO timestamps (or until now). */
export function formatDuration(startIso: string, endIso?: string, now: number = Date.now()): string {
  const ms = Math.max(0, (endIso ? Date.parse(endIso) : now) - Date.parse(startIso));
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Where times are shown: in UTC (the default, as AWS logs them) or in the browser's own zone. */
export type TimeZoneChoice = "utc" | "local";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `UTC`, or the browser zone's offset at that instant: `UTC+01:00`, `UTC-04:30`. */
export function zoneLabel(zone: TimeZoneChoice, ms: number = Date.now()): string {
  if (zone === "utc") return "UTC";
  const offset = -new Date(ms).getTimezoneOffset();
  if (offset === 0) return "UTC+00:00";
  const sign = offset > 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2026-11-25` in the chosen zone: the one date format of the console (ISO 8601). */
export function formatDate(iso: string | undefined, zone: TimeZoneChoice = "utc"): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  if (zone === "utc") return new Date(ms).toISOString().slice(0, 10);
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The one way the console prints an instant: ISO date, 24-hour time, and always the zone:
 * `2026-11-25 13:04:05 UTC`, or in the browser's zone `2026-11-25 14:04:05 UTC+01:00`.
 */
export function formatTime(iso: string | undefined, zone: TimeZoneChoice = "utc"): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  if (zone === "utc") {
    const text = new Date(ms).toISOString();
    return `${text.slice(0, 10)} ${text.slice(11, 19)} UTC`;
  }
  const d = new Date(ms);
  return `${formatDate(iso, "local")} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zoneLabel("local", ms)}`;
}
