/** The last path component of an ARN (the resource id). A module of its own, so that a page needing only this
 * does not load the formatting helpers (lib/format.ts re-exports it). */
export function arnId(arn: string): string {
  const slash = arn.lastIndexOf("/");
  return slash >= 0 ? arn.slice(slash + 1) : arn;
}
