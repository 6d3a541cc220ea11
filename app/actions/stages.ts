"use server";

import { ivsAction } from "@/server/actions/client";

// Every action is defined through the one action client (server/actions/client.ts).
export const createStageAction = ivsAction("CreateStage", { reveals: true }); // tokens minted with the stage, shown once
export const updateStageAction = ivsAction("UpdateStage");
export const deleteStageAction = ivsAction("DeleteStage");
export const createParticipantTokenAction = ivsAction("CreateParticipantToken", { reveals: true });
export const disconnectParticipantAction = ivsAction("DisconnectParticipant");
