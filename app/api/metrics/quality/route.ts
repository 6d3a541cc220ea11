import type { NextRequest } from "next/server";
import { z } from "zod";
import { can } from "@/lib/auth/roles";
import { contextFrom } from "@/lib/context";
import { ParticipantId, StageArn, StageSessionId } from "@/lib/ivs/primitives";
import { validationError } from "@/lib/validation-error";
import { forbiddenResponse, requestUser, unauthorizedResponse } from "@/server/auth/request";
import { browserError, browserJson } from "@/server/http/browser-json";
import { defaultIvsRegion } from "@/server/ivs/config";
import { metricsError } from "@/server/metrics/read";
import { readQuality } from "@/server/observe/metrics";

const isoTime = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

const qualityRequest = z
  .strictObject({
    stageArn: StageArn,
    sessionId: StageSessionId,
    participantId: ParticipantId.min(1).optional(),
    start: isoTime,
    end: isoTime.optional(),
  })
  .refine((r) => r.end === undefined || r.start < r.end, { message: "start must be before end", path: ["start"] });

/**
 * A session's (or one participant's) quality metrics for its page:
 * `GET /api/metrics/quality?region&profile&stageArn&sessionId[&participantId]&start=<iso>[&end=<iso>]`.
 * Answered from the observation store when the metrics reader has read the session, else read from CloudWatch
 * now (and kept). Signed-in users (the permission of GetParticipant: every role).
 */
export async function GET(request: NextRequest) {
  const user = await requestUser(request);
  if (!user) return unauthorizedResponse();
  if (!can(user.role, "GetParticipant")) return forbiddenResponse(user, "GetParticipant");
  const search = request.nextUrl.searchParams;
  const context = contextFrom(search, defaultIvsRegion());
  const raw = Object.fromEntries([...search].filter(([key]) => key !== "region" && key !== "profile"));
  const parsed = qualityRequest.safeParse(raw);
  if (!parsed.success) {
    return browserError(400, validationError(parsed.error));
  }
  const { participantId, end, ...rest } = parsed.data;
  try {
    const answer = await readQuality(
      context,
      { ...rest, ...(participantId ? { participantId } : {}), ...(end !== undefined ? { end } : {}) },
      { signal: request.signal },
    );
    return browserJson({ data: answer });
  } catch (error) {
    const { status, error: info } = metricsError(error);
    return browserError(status, info);
  }
}
