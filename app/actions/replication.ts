"use server";

import { ivsAction } from "@/server/actions/client";

export const startReplicationAction = ivsAction("StartParticipantReplication");
export const stopReplicationAction = ivsAction("StopParticipantReplication");
