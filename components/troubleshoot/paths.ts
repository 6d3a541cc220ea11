import { routes } from "@/lib/routes";

/**
 * Paths of the troubleshooting pages (kept here until lib/routes.ts gets them): find a user across stages,
 * and a stage's sessions with the same search scoped to that stage. Combine with `link(context, …)`.
 */
export function findUserHref(userId?: string, stageArn?: string): string {
  const search = new URLSearchParams();
  if (userId) search.set("userId", userId);
  if (stageArn) search.set("stage", stageArn);
  const query = search.toString();
  return `/find-user${query ? `?${query}` : ""}`;
}

export function stageSessionsHref(stageArn: string, userId?: string): string {
  return `${routes.stage(stageArn)}/sessions${userId ? `?${new URLSearchParams({ userId }).toString()}` : ""}`;
}
