import { NextResponse, type NextRequest } from "next/server";
import { audit } from "@/server/auth/audit";
import { crossSiteResponse, isSameOriginRequest } from "@/server/auth/origin";
import { clientIp, requestUser, secureSessionCookie, sessionCookie, sessionIdFrom } from "@/server/auth/request";
import { sessions } from "@/server/auth/sessions";

/**
 * `POST /sign-out` (the user menu's form): ends the session on the server, expires the cookie and goes to the
 * sign-in page. A request from another site is refused (403), so no page elsewhere can sign a user out.
 */
export async function POST(request: NextRequest) {
  if (!isSameOriginRequest(request.headers)) return crossSiteResponse();
  const user = await requestUser(request);
  await sessions().revoke(sessionIdFrom(request.cookies));
  if (user)
    await audit({ actor: user, kind: "auth", operation: "SignOut", outcome: "success", ip: clientIp(request.headers) });
  const response = new NextResponse(null, {
    status: 303,
    headers: { location: "/sign-in?signed-out=1", "cache-control": "no-store" },
  });
  response.cookies.set(sessionCookie, "", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 0 });
  response.cookies.set(secureSessionCookie, "", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 0,
    secure: true,
  });
  return response;
}
