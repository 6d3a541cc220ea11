"use server";

import { ivsAction } from "@/server/actions/client";

export const stopCompositionAction = ivsAction("StopComposition");
