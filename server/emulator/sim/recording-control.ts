/**
 * Control route that makes a participant's individual recording fail, so the console's recording-failure alerts
 * (and anything else reading `recordingState` or the EventBridge "IVS Participant Recording State Change"
 * events) can be exercised on demand:
 *
 *   POST /_emulator/recordings/fail  { stageArn, participantId, which: "start" | "end" }
 *
 * - `start`: the recording goes to STARTING (if it is not already) and to FAILED one second later (world
 *   clock), so the EventBridge emitter, which compares each state with the one it saw last, reports a
 *   "Recording Start Failure". If the simulation made it ACTIVE meanwhile, the start is retried and fails.
 * - `end`: an ACTIVE or STOPPING recording goes to FAILED at once: a "Recording End Failure".
 *
 * The participant must be in the stage's active session and the stage must record participants
 * (`autoParticipantRecordingConfiguration`): 404 otherwise for an unknown participant, 409 for a stage that does
 * not record or a recording in another state. The answer is `{ participantId, recordingState, failAt }`.
 */
import { formatValidationError } from "@/lib/ivs/validation-message";
import type { Clock } from "../clock";
import type { EmulatorCredential } from "../config";
import { conflict, EmulatorError, notFound, validation } from "../errors";
import { parseJsonBody } from "../http/body";
import type { ControlRoutes } from "../server";
import { isoTime } from "../world/data";
import { setRecordingState } from "../world/live/recording";
import { findActiveParticipant } from "../world/live/sessions";
import { requireStage, type World } from "../world/store";
import { authenticateControl, controlRegion } from "./control-auth";
import { recordingFailBody } from "./control-schemas";

export interface RecordingRoutesOptions {
  readonly world: World;
  readonly clock: Clock;
  readonly credentials: readonly EmulatorCredential[];
}

/** Long enough for the EventBridge emitter (it looks every 100 ms) to see STARTING before FAILED. */
const startFailureDelayMs = 1000;

export function createRecordingRoutes(options: RecordingRoutesOptions): ControlRoutes {
  const { world, clock } = options;
  return async (req, _res, ctx) => {
    if (ctx.subPath !== "/recordings/fail") return false;
    const method = req.method ?? "GET";
    if (method !== "POST")
      throw new EmulatorError(
        "MethodNotAllowedException",
        405,
        `${method} is not allowed on /_emulator${ctx.subPath}; use POST.`,
        "message",
        { Allow: "POST" },
      );
    const credential = authenticateControl(req.headers.authorization, options.credentials);
    const json = parseJsonBody(await ctx.readBody());
    const { region: _region, ...body } = json;
    const region = controlRegion(json, req.headers, ctx.query);
    const parsed = recordingFailBody.safeParse(body);
    if (!parsed.success) throw validation(formatValidationError(parsed.error));
    const { stageArn, participantId, which } = parsed.data;
    const store = world.region({ account: credential.account, region });
    const stage = requireStage(store, stageArn);
    const participant = findActiveParticipant(store, stage, participantId);
    if (!participant) throw notFound(`Participant ${participantId} is not in the active session of stage ${stageArn}.`);
    const state = participant.data.recordingState;
    if (state === "DISABLED")
      throw conflict(
        `Stage ${stageArn} does not record participants (no autoParticipantRecordingConfiguration), so there is no recording to fail.`,
      );
    let failAt = clock.now();
    if (which === "end") {
      if (state !== "ACTIVE" && state !== "STOPPING")
        throw conflict(`The recording is ${state}; only an ACTIVE or STOPPING recording can fail to end.`);
      setRecordingState(store, participant, "FAILED");
    } else {
      if (state !== "STARTING") setRecordingState(store, participant, "STARTING");
      failAt += startFailureDelayMs;
      // The simulation's own start timer may promote a STARTING recording to ACTIVE before ours runs (a
      // publisher that has just begun). Then the start is tried again and fails: ACTIVE → STARTING → FAILED.
      const failStart = (retry: boolean) => {
        const now = participant.data.recordingState;
        if (now === "STARTING") setRecordingState(store, participant, "FAILED");
        else if (now === "ACTIVE" && retry) {
          setRecordingState(store, participant, "STARTING");
          clock.setTimer(clock.now() + startFailureDelayMs, () => failStart(false));
        }
      };
      clock.setTimer(failAt, () => failStart(true));
    }
    ctx.sendJson(200, { participantId, recordingState: participant.data.recordingState, failAt: isoTime(failAt) });
    return true;
  };
}
