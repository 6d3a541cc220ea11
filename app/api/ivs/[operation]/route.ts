import type { NextRequest } from "next/server";
import type { ReadOperationName } from "@/lib/api/reads";
import { can } from "@/lib/auth/roles";
import { contextFrom } from "@/lib/context";
import { operations, type InputOf } from "@/lib/ivs/operations";
import { validationError } from "@/lib/validation-error";
import { forbiddenResponse, requestUser, unauthorizedResponse } from "@/server/auth/request";
import { browserError, browserJson } from "@/server/http/browser-json";
import { defaultIvsRegion } from "@/server/ivs/config";
import { IvsError, toUserFacingError } from "@/server/ivs/errors";
import { upstream } from "@/server/ivs/upstream";
import { isObserved, observedRead } from "@/server/observe/reads";

function isReadOperation(name: string): name is ReadOperationName {
  return (
    Object.hasOwn(operations, name) && /^(Get|List)/.test(name) && !operations[name as keyof typeof operations].mutating
  );
}

/**
 * Polled reads: `GET /api/ivs/<Get*|List*>?region=…&profile=…&input=<json>`, served by the observation store for
 * what the collector observes (sessions, participants, events) and by the shared upstream cache for the rest.
 * Signed-in users only (every role may read; secrets are masked); otherwise 401 JSON.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ operation: string }> }) {
  const user = await requestUser(request);
  if (!user) return unauthorizedResponse();
  const { operation } = await params;
  if (!isReadOperation(operation)) {
    return browserError(404, {
      code: "UnknownOperation",
      message: `"${operation}" is not a read operation.`,
      retryable: false,
    });
  }
  if (!can(user.role, operation)) return forbiddenResponse(user, operation);
  const context = contextFrom(request.nextUrl.searchParams, defaultIvsRegion());
  let input: unknown;
  try {
    input = JSON.parse(request.nextUrl.searchParams.get("input") ?? "{}");
  } catch {
    return browserError(400, {
      code: "SerializationException",
      message: "The input parameter is not valid JSON.",
      retryable: false,
    });
  }
  const parsed = operations[operation].input.safeParse(input);
  if (!parsed.success) {
    return browserError(400, validationError(parsed.error));
  }
  try {
    const result = isObserved(operation)
      ? await observedRead(operation, parsed.data as InputOf<typeof operation>, context)
      : await upstream().read(operation, parsed.data as InputOf<typeof operation>, context);
    return browserJson(result);
  } catch (error) {
    const status = error instanceof IvsError && error.status && error.status < 500 ? error.status : 502;
    return browserError(status, toUserFacingError(error));
  }
}
