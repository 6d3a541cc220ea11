"use server";

import { runIvsMutation } from "@/server/actions/run";

// Tags of any taggable resource (stage, composition, encoder/storage/ingest configuration, public key).
export async function tagResourceAction(context: unknown, input: unknown) {
  return runIvsMutation("TagResource", context, input);
}

export async function untagResourceAction(context: unknown, input: unknown) {
  return runIvsMutation("UntagResource", context, input);
}
