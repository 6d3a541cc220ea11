import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Static guards: every page checks the session through `pageContext`, every route handler through `requestUser`
 * (and, when it changes anything, checks the origin), every server action through the runner or `authorize`.
 * A page, handler or action added later without its check fails here.
 */
const root = join(import.meta.dirname, "..", "..");

function files(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, match);
    return match(entry.name) ? [path] : [];
  });
}

const app = join(root, "app");
const rel = (path: string) => relative(root, path);

describe("every entry point checks sign-in in its own server code", () => {
  it("pages call pageContext (all but the sign-in page)", () => {
    const pages = files(app, (name) => name === "page.tsx").filter((path) => rel(path) !== "app/sign-in/page.tsx");
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) expect(readFileSync(page, "utf8"), rel(page)).toMatch(/await pageContext\(/);
  });

  it("route handlers call requestUser; those that change anything also check the origin", () => {
    const routes = files(app, (name) => name === "route.ts");
    expect(routes.length).toBeGreaterThanOrEqual(4);
    // EventBridge is a machine, not a signed-in browser: its endpoint authenticates an API key (constant time) instead.
    const machineRoutes = new Set(["app/api/events/eventbridge/route.ts"]);
    for (const route of routes) {
      const text = readFileSync(route, "utf8");
      if (machineRoutes.has(rel(route))) {
        expect(text, rel(route)).toMatch(/ingestEventBridge\(request, env\(\)\.CONSOLE_EVENTS_API_KEY\)/);
        continue;
      }
      expect(text, rel(route)).toMatch(/requestUser\(request\)/);
      if (/export async function (POST|PUT|PATCH|DELETE)\b/.test(text))
        expect(text, rel(route)).toMatch(/isSameOriginRequest\(request\.headers\)/);
    }
  });

  it("server actions go through runIvsMutation, authorize or the user-management frame (sign-in excepted)", () => {
    const modules = files(join(app, "actions"), (name) => name.endsWith(".ts") && !name.endsWith(".test.ts")).filter(
      (path) => !path.endsWith("auth.ts"),
    );
    for (const file of modules) {
      const text = readFileSync(file, "utf8");
      const bodies = text.split(/export async function /).slice(1);
      expect(bodies.length, rel(file)).toBeGreaterThan(0);
      for (const body of bodies) {
        const name = body.slice(0, body.indexOf("("));
        const ownBody = body.split(/\n(?:export )?(?:async )?function /)[0] ?? body;
        // `act(`: the alerts actions' frame (authorize → validate → audit), to fold into one action client (issue 16).
        expect(ownBody, `${rel(file)}: ${name}`).toMatch(
          /runIvsMutation\(|authorize\(|manage\(|presetAccess\(|\bact(<[^(]*>)?\(/,
        );
      }
    }
  });
});
