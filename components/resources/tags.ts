import { MAX_TAGS, TagKey, TagValue } from "@/lib/ivs/primitives";

/** One editable row of the tags editor (`id` keeps React keys stable while the key text changes). */
export interface TagRow {
  readonly id: string;
  readonly key: string;
  readonly value: string;
}

export type TagMap = Readonly<Record<string, string>>;

export function rowsFromTags(tags: TagMap | undefined): TagRow[] {
  return Object.keys(tags ?? {})
    .sort()
    .map((key) => ({ id: `tag:${key}`, key, value: tags?.[key] ?? "" }));
}

export interface TagRowsCheck {
  /** The tags the rows describe (blank rows ignored); meaningful only when `ok`. */
  readonly tags: Record<string, string>;
  /** Messages per row id. */
  readonly rowErrors: Readonly<Record<string, { readonly key?: string; readonly value?: string }>>;
  /** A message about the set as a whole (too many tags). */
  readonly formError?: string;
  readonly ok: boolean;
}

const isBlank = (row: TagRow) => row.key === "" && row.value === "";

/**
 * Validates rows with the shared tag shapes (key 1–128, value 0–256, at most 50 tags) plus two rules of the
 * AWS tagging guidelines the shapes do not carry: keys are unique, and the `aws:` prefix is reserved.
 * Completely blank rows are ignored (a fresh "Add tag" row is not an error).
 */
export function checkTagRows(rows: readonly TagRow[]): TagRowsCheck {
  const entries: [string, string][] = [];
  const rowErrors: Record<string, { key?: string; value?: string }> = {};
  const seen = new Set<string>();
  for (const row of rows) {
    if (isBlank(row)) continue;
    const errors: { key?: string; value?: string } = {};
    if (row.key === "") errors.key = "Enter a key (1–128 characters).";
    else if (!TagKey.safeParse(row.key).success)
      errors.key = `A key has at most 128 characters ("${row.key.slice(0, 20)}…" has ${row.key.length}).`;
    else if (row.key.toLowerCase().startsWith("aws:")) errors.key = "Keys starting with aws: are reserved by AWS.";
    else if (seen.has(row.key)) errors.key = `The key "${row.key}" is used twice.`;
    if (!TagValue.safeParse(row.value).success) errors.value = "A value has at most 256 characters.";
    seen.add(row.key);
    if (errors.key || errors.value) rowErrors[row.id] = errors;
    else entries.push([row.key, row.value]);
  }
  const count = rows.filter((row) => !isBlank(row)).length;
  const formError = count > MAX_TAGS ? `A resource can have at most ${MAX_TAGS} tags (${count} here).` : undefined;
  // fromEntries defines own properties, so even a key such as "__proto__" stays an ordinary tag.
  return {
    tags: Object.fromEntries(entries),
    rowErrors,
    ...(formError ? { formError } : {}),
    ok: !formError && Object.keys(rowErrors).length === 0,
  };
}

/**
 * Tags typed as text (`team=news, show=morning`, commas or new lines) with every rule of `checkTagRows`: each
 * problem is reported by name, and nothing is dropped silently (a repeated key is an error, not "last wins").
 */
export function parseTagText(text: string): { ok: true; tags: Record<string, string> } | { ok: false; error: string } {
  const rows: TagRow[] = [];
  const parts = text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter(Boolean);
  for (const [index, part] of parts.entries()) {
    const eq = part.indexOf("=");
    if (eq <= 0)
      return { ok: false, error: `"${part.length > 40 ? `${part.slice(0, 39)}…` : part}" is not key=value.` };
    rows.push({ id: String(index), key: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
  }
  const check = checkTagRows(rows);
  if (check.ok) return { ok: true, tags: check.tags };
  const problems = [
    ...(check.formError ? [check.formError] : []),
    ...rows.flatMap((row) => {
      const errors = check.rowErrors[row.id];
      if (!errors) return [];
      const label = row.key.length > 24 ? `${row.key.slice(0, 23)}…` : row.key;
      return [
        errors.key,
        errors.value
          ? `${errors.value.replace(/\.$/, "")} (tag "${label}": ${row.value.length} characters).`
          : undefined,
      ].filter((message): message is string => Boolean(message));
    }),
  ];
  // Many rows can share one problem; say each once.
  return { ok: false, error: [...new Set(problems)].join(" ") };
}

export interface TagDiff {
  /** Added or changed: sent with TagResource. */
  readonly set: Record<string, string>;
  /** Removed keys: sent with UntagResource. */
  readonly remove: string[];
}

export function diffTags(before: TagMap, after: TagMap): TagDiff {
  const set = Object.fromEntries(
    Object.entries(after).filter(([key, value]) => !Object.hasOwn(before, key) || before[key] !== value),
  );
  const remove = Object.keys(before)
    .filter((key) => !Object.hasOwn(after, key))
    .sort();
  return { set, remove };
}

export function isEmptyDiff(diff: TagDiff): boolean {
  return diff.remove.length === 0 && Object.keys(diff.set).length === 0;
}

/** What a resource's tags become once the diff is applied (UntagResource, then TagResource). */
export function applyTagDiff(before: TagMap, diff: TagDiff): Record<string, string> {
  const removed = new Set(diff.remove);
  return Object.fromEntries([
    ...Object.entries(before).filter(([key]) => !removed.has(key)),
    ...Object.entries(diff.set),
  ]);
}
