"use server";

import { ivsAction } from "@/server/actions/client";

// Tags of any taggable resource (stage, composition, encoder/storage/ingest configuration, public key).
export const tagResourceAction = ivsAction("TagResource");
export const untagResourceAction = ivsAction("UntagResource");
