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
