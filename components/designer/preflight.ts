/**
 * The pre-flight checks (checks.ts) with the encoder limits applied synchronously from the shared shapes
 * (shape-checks.ts, zod). The page loads the shapes after the load event and calls checks.ts itself. Tested in
 * preflight.test.ts.
 */
import { preflightChecks as checksWith, type Check, type PreflightInput } from "./checks";
import { shapeChecks } from "./shape-checks";

export { canStart, COMPOSITIONS_PER_ACCOUNT, COMPOSITIONS_PER_STAGE, IDLE_STOP_SECONDS } from "./checks";
export type { Check, CheckLevel, EncoderFact, PreflightInput, VideoCheck } from "./checks";

export function preflightChecks(input: PreflightInput): Check[] {
  return checksWith(input, shapeChecks.video);
}
