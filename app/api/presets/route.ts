import type { NextRequest } from "next/server";
import { requestUser, unauthorizedResponse } from "@/server/auth/request";
import { presetStore } from "@/server/db/presets";
import { browserJson } from "@/server/http/browser-json";

/** `GET /api/presets`: the team's layout presets (any signed-in user), for the designer's polled list. */
export async function GET(request: NextRequest) {
  if (!(await requestUser(request))) return unauthorizedResponse();
  return browserJson({ presets: await presetStore.list() });
}
