"use server";

import { runIvsMutation } from "@/server/actions/run";

// Thin and uniform: each action validates with the shared shape and calls IVS through one runner.
export async function createStageAction(context: unknown, input: unknown) {
  return runIvsMutation("CreateStage", context, input);
}

export async function updateStageAction(context: unknown, input: unknown) {
  return runIvsMutation("UpdateStage", context, input);
}

export async function deleteStageAction(context: unknown, input: unknown) {
  return runIvsMutation("DeleteStage", context, input);
}

export async function createParticipantTokenAction(context: unknown, input: unknown) {
  return runIvsMutation("CreateParticipantToken", context, input);
}

export async function disconnectParticipantAction(context: unknown, input: unknown) {
  return runIvsMutation("DisconnectParticipant", context, input);
}
