import { withContext, type ConsoleContext } from "./context";

/** Links to the console's pages. ARNs travel whole (percent-encoded) so a link is unambiguous. */
export const routes = {
  stages: () => "/stages",
  stage: (stageArn: string) => `/stages/${encodeURIComponent(stageArn)}`,
  /** A stage's sessions, with find-a-user scoped to that stage. */
  stageSessions: (stageArn: string, userId?: string) => withQuery(`${routes.stage(stageArn)}/sessions`, { userId }),
  session: (stageArn: string, sessionId: string) => `${routes.stage(stageArn)}/sessions/${sessionId}`,
  participant: (stageArn: string, sessionId: string, participantId: string) =>
    `${routes.session(stageArn, sessionId)}/participants/${participantId}`,
  compositions: () => "/compositions",
  composition: (compositionArn: string) => `/compositions/${encodeURIComponent(compositionArn)}`,
  designer: (stageArn?: string) => (stageArn ? `/designer?stage=${encodeURIComponent(stageArn)}` : "/designer"),
  configurations: () => "/configurations",
  publicKeys: () => "/public-keys",
  /** Find a user id across stages, or within one stage. */
  findUser: (userId?: string, stageArn?: string) => withQuery("/find-user", { userId, stage: stageArn }),
  /** The notification center; `rules` and `webhooks` are its admin pages. */
  alerts: (page?: "rules" | "webhooks") => (page ? `/alerts/${page}` : "/alerts"),
};

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export function link(context: ConsoleContext, path: string): string {
  return withContext(path, context);
}

/** Route params arrive percent-encoded or decoded depending on the router; accept both. */
export function arnParam(value: string): string {
  return value.startsWith("arn%3A") || value.startsWith("arn%3a") ? decodeURIComponent(value) : value;
}
