"use server";

import { ivsAction } from "@/server/actions/client";

export const importPublicKeyAction = ivsAction("ImportPublicKey");
export const deletePublicKeyAction = ivsAction("DeletePublicKey");
