/** The last path component of an ARN (the resource id). */
export function arnId(arn: string): string {
  const slash = arn.lastIndexOf("/");
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}

/** `key=value` pairs of a tag map, sorted by key. */
export function formatTags(tags: Readonly<Record<string, string>> | undefined): string {
  if (!tags) return "";
  return Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key] ?? ""}`)
    .join(", ");
}

/** Parses `key=value` pairs separated by commas or new lines; returns the map or a readable error. */
export function parseTags(text: string): { ok: true; tags: Record<string, string> } | { ok: false; error: string } {
  const tags: Record<string, string> = {};
  for (const part of text.split(/[\n,]/).map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0) return { ok: false, error: `"${part}" is not key=value` };
    tags[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { ok: true, tags };
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

/** A short UTC time for tables: `2026-11-25 13:04:05Z`. */
export function formatTime(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : "—";
}
