import "server-only";

function arnField(value: unknown, keys: readonly string[]): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  for (const key of keys) {
    const candidate = record[key];
    if (typeof candidate === "string" && candidate.startsWith("arn:")) return candidate;
  }
  return undefined;
}

/** The ARN of a resource an answer describes (`{ stage: { arn } }`, `{ composition: { arn } }`, …). */
function createdArn(output: unknown): string | undefined {
  if (!output || typeof output !== "object") return undefined;
  for (const value of Object.values(output as Record<string, unknown>)) {
    const arn = arnField(value, ["arn"]);
    if (arn) return arn;
  }
  return undefined;
}

/**
 * What a mutation acted on, for the audit trail: the resource it created (from the answer), else the ARN it
 * names (`arn`, `resourceArn`, `stageArn`, `sourceStageArn`).
 */
export function auditTarget(input: unknown, output?: unknown): string | undefined {
  return createdArn(output) ?? arnField(input, ["arn", "resourceArn", "stageArn", "sourceStageArn"]);
}
