import { expect } from "vitest";
import type { ParticipantEvent } from "../world/shapes";
import { createStage, must, setup, type Kit, type RequestOf } from "../world/test-kit";
import type { SimOutcome } from "./kit";
import type { JoinRequest } from "./participants";
import { createSimulation } from "./simulation";
import type { SimTiming } from "./timing";

/** Test helpers for the simulation: the world test kit (manual clock, handlers called directly) plus a simulation. */

export function simSetup(options: { timing?: Partial<SimTiming>; quotas?: "realistic" | "off" } = {}) {
  const kit = setup({ ...(options.quotas ? { quotas: options.quotas } : {}) });
  const sim = createSimulation({
    world: kit.world,
    clock: kit.clock,
    seed: 7,
    ...(options.timing ? { timing: options.timing } : {}),
  });
  return { ...kit, sim, scope: kit.home };
}

export type SimKit = ReturnType<typeof simSetup>;

export async function newStage(kit: SimKit | Kit, input: RequestOf<"CreateStage"> = {}) {
  return createStage(kit, input);
}

/** Joins through the simulation with a minted token (or the given one). */
export function join(kit: SimKit, stageArn: string, request: Omit<JoinRequest, "stageArn"> = {}): SimOutcome {
  return kit.sim.join(kit.scope, { stageArn, ...request });
}

export const refOf = (outcome: SimOutcome) => ({
  stageArn: outcome.participant.stageArn,
  participantId: outcome.participant.data.participantId,
});

export const names = (events: readonly ParticipantEvent[]) => events.map((event) => event.name);

/** ListParticipantEvents, oldest first. */
export async function timeline(kit: SimKit, outcome: SimOutcome): Promise<ParticipantEvent[]> {
  const { events } = await kit.call("ListParticipantEvents", {
    stageArn: outcome.participant.stageArn,
    sessionId: outcome.participant.sessionId,
    participantId: outcome.participant.data.participantId,
  });
  return [...events].reverse();
}

export async function getParticipant(kit: SimKit, outcome: SimOutcome) {
  const { participant } = await kit.call("GetParticipant", {
    stageArn: outcome.participant.stageArn,
    sessionId: outcome.participant.sessionId,
    participantId: outcome.participant.data.participantId,
  });
  return must(participant);
}

export async function getStage(kit: SimKit, arn: string) {
  return must((await kit.call("GetStage", { arn })).stage);
}

export async function token(
  kit: SimKit,
  stageArn: string,
  input: Omit<RequestOf<"CreateParticipantToken">, "stageArn"> = {},
) {
  const { participantToken } = await kit.call("CreateParticipantToken", { stageArn, ...input });
  return { token: must(must(participantToken).token), participantId: must(must(participantToken).participantId) };
}

/** An action that must be refused with `code` (and the given refusal reason). */
export function refused(action: () => unknown, code: string, reason?: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a refusal").toBeDefined();
  expect(caught).toMatchObject({ code, ...(reason === undefined ? {} : { reason }) });
}

export { must };
