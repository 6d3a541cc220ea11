/** The session cookie's name over HTTP, and over HTTPS (`__Host-` prefix: Secure, path /, no Domain — enforced by browsers). */
export const sessionCookie = "control-room-session";
export const secureSessionCookie = "__Host-control-room-session";
