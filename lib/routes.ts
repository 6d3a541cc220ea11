import { withContext, type ConsoleContext } from "./context";

/** Links to the console's pages. ARNs travel whole (percent-encoded) so a link is unambiguous. */
export const routes = {
  stages: () => "/stages",
  stage: (stageArn: string) => `/stages/${encodeURIComponent(stageArn)}`,
  session: (stageArn: string, sessionId: string) => `${routes.stage(stageArn)}/sessions/${sessionId}`,
  participant: (stageArn: string, sessionId: string, participantId: string) =>
    `${routes.session(stageArn, sessionId)}/participants/${participantId}`,
  compositions: () => "/compositions",
  composition: (compositionArn: string) => `/compositions/${encodeURIComponent(compositionArn)}`,
  designer: (stageArn?: string) => (stageArn ? `/designer?stage=${encodeURIComponent(stageArn)}` : "/designer"),
  configurations: () => "/configurations",
  publicKeys: () => "/public-keys",
};

export function link(context: ConsoleContext, path: string): string {
  return withContext(path, context);
}

/** Route params arrive percent-encoded or decoded depending on the router; accept both. */
export function arnParam(value: string): string {
  return value.startsWith("arn%3A") || value.startsWith("arn%3a") ? decodeURIComponent(value) : value;
}
