"use server";

import { runIvsMutation } from "@/server/actions/run";

export async function startReplicationAction(context: unknown, input: unknown) {
  return runIvsMutation("StartParticipantReplication", context, input);
}

export async function stopReplicationAction(context: unknown, input: unknown) {
  return runIvsMutation("StopParticipantReplication", context, input);
}
