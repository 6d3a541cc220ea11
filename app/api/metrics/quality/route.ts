import type { NextRequest } from "next/server";
import { z } from "zod";
import { can } from "@/lib/auth/roles";
import { contextFrom } from "@/lib/context";
import { fieldErrors, formatValidationError } from "@/lib/ivs/validation-message";
import { forbiddenResponse, requestUser, unauthorizedResponse } from "@/server/auth/request";
import { defaultIvsRegion } from "@/server/ivs/config";
import { metricsError } from "@/server/metrics/read";
import { readQuality } from "@/server/observe/metrics";

const noStore = { "cache-control": "no-store" };
const isoTime = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

const qualityRequest = z
  .strictObject({
    stageArn: z.string().regex(/^arn:aws[a-z-]*:ivs:[a-z0-9-]+:\d{12}:stage\/[a-zA-Z0-9-]+$/, "must be a stage ARN"),
    sessionId: z.string().regex(/^st-[a-zA-Z0-9]+$/, "must be a session id"),
    participantId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of [A-Za-z0-9_-]").optional(),
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
  const user = requestUser(request);
  if (!user) return unauthorizedResponse();
  if (!can(user.role, "GetParticipant")) return forbiddenResponse(user, "GetParticipant");
  const search = request.nextUrl.searchParams;
  const context = contextFrom(search, defaultIvsRegion());
  const raw = Object.fromEntries([...search].filter(([key]) => key !== "region" && key !== "profile"));
  const parsed = qualityRequest.safeParse(raw);
  if (!parsed.success) {
    return Response.json(
      { error: { code: "ValidationException", message: formatValidationError(parsed.error), fields: fieldErrors(parsed.error), retryable: false } },
      { status: 400, headers: noStore },
    );
  }
  const { participantId, end, ...rest } = parsed.data;
  try {
    const answer = await readQuality(context, { ...rest, ...(participantId ? { participantId } : {}), ...(end !== undefined ? { end } : {}) }, { signal: request.signal });
    return Response.json({ data: answer }, { headers: noStore });
  } catch (error) {
    const { status, error: info } = metricsError(error);
    return Response.json({ error: info }, { status, headers: noStore });
  }
}
