import type { NextRequest } from "next/server";
import { contextFrom } from "@/lib/context";
import { redactSecrets } from "@/lib/ivs/redact";
import type { ErrorInfo } from "@/lib/result";
import { requestUser, unauthorizedResponse } from "@/server/auth/request";
import { defaultIvsRegion } from "@/server/ivs/config";
import { IvsError, toUserFacingError } from "@/server/ivs/errors";
import { upstream } from "@/server/ivs/upstream";
import { collectOverviewErrors, type OverviewReader } from "./collect";

const noStore = { "cache-control": "no-store" };

function fail(status: number, error: ErrorInfo) {
  return Response.json({ error }, { status, headers: noStore });
}

/**
 * `GET /api/overview?region=…&profile=…`: recent participant errors across the live sessions of a region,
 * built on the server from the shared upstream cache (bounded fan-out, see collect.ts). Signed-in users only (401 JSON).
 */
export async function GET(request: NextRequest) {
  if (!requestUser(request)) return unauthorizedResponse();
  const context = contextFrom(request.nextUrl.searchParams, defaultIvsRegion());
  const read: OverviewReader = (name, input, maxAgeMs) =>
    upstream().read(name, input, { ...context, ...(maxAgeMs !== undefined ? { maxAgeMs } : {}) });
  try {
    const result = await collectOverviewErrors(read, toUserFacingError);
    return Response.json(redactSecrets(result), { headers: noStore });
  } catch (error) {
    const status = error instanceof IvsError && error.status && error.status < 500 ? error.status : 502;
    return fail(status, toUserFacingError(error));
  }
}
