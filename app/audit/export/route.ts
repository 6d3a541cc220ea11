import type { NextRequest } from "next/server";
import { auditLog } from "@/server/auth/audit";
import { auditCsv, auditFilterFrom } from "@/server/auth/audit-filter";
import { forbiddenResponse, requestUser, unauthorizedResponse } from "@/server/auth/request";
import { can } from "@/lib/auth/roles";

const maxRows = 10_000;

/**
 * `GET /audit/export?format=csv|json&user=&operation=&outcome=&from=&to=`: the audit trail (newest first, at most
 * 10 000 records) as a download. Admins only: 401 signed out, 403 for other roles. Reading changes nothing.
 */
export async function GET(request: NextRequest) {
  const user = await requestUser(request);
  if (!user) return unauthorizedResponse();
  if (!can(user.role, "ViewAudit")) return forbiddenResponse(user, "ViewAudit");
  const params = request.nextUrl.searchParams;
  const records = await auditLog().query(auditFilterFrom(params, maxRows));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (params.get("format") === "json") {
    return new Response(
      JSON.stringify({ exportedAt: new Date().toISOString(), exportedBy: user.username, records }, null, 2),
      {
        headers: {
          ...headers,
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="audit-${stamp}.json"`,
        },
      },
    );
  }
  return new Response(auditCsv(records), {
    headers: {
      ...headers,
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${stamp}.csv"`,
    },
  });
}
