import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { realClock } from "@/server/emulator/clock";
import { startTestServer, testConfig, type RunningServer } from "@/server/emulator/http/test-server";
import { createHandlers } from "@/server/emulator/world/handlers";
import { actAs, routeRequest, signOutFake } from "@/server/auth/testing";
import { transport } from "@/server/ivs/transport";
import { GET as readRoute } from "./ivs/[operation]/route";
import { GET as compositionEventsRoute } from "./compositions/events/route";
import { GET as overviewRoute } from "./overview/route";
import { GET as presetsRoute } from "./presets/route";

vi.mock("next/headers", async () => (await import("@/server/auth/testing")).nextHeadersMock());

// The read route handlers against the real emulator: a session or a 401, checked in the handler itself.
let server: RunningServer;
beforeAll(async () => {
  const clock = realClock();
  const config = testConfig({ quotas: "off" });
  server = await startTestServer({ clock, config: { quotas: "off" }, handlers: createHandlers({ clock, config }) });
  process.env.IVS_ENDPOINT = server.url;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
});
afterAll(() => server.emulator.close());

const base = "http://console.test";
const operation = (name: string) => ({ params: Promise.resolve({ operation: name }) });

describe("read route handlers", () => {
  it("answer 401 JSON without a session, before touching IVS", async () => {
    signOutFake();
    const spy = vi.spyOn(transport(), "call");
    const answers = [
      await readRoute(routeRequest(`${base}/api/ivs/ListStages?region=eu-west-1`), operation("ListStages")),
      await overviewRoute(routeRequest(`${base}/api/overview?region=eu-west-1`)),
      await compositionEventsRoute(
        routeRequest(`${base}/api/compositions/events?arn=arn:aws:ivs:eu-west-1:123456789012:composition/abc`),
      ),
      await presetsRoute(routeRequest(`${base}/api/presets`)),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(await answer.json()).toMatchObject({ error: { code: "Unauthenticated" } });
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it("refuse a forged or expired session cookie", async () => {
    const answer = await readRoute(
      routeRequest(`${base}/api/ivs/ListStages`, {
        headers: { cookie: "control-room-session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
      }),
      operation("ListStages"),
    );
    expect(answer.status).toBe(401);
  });

  it("serve a viewer (every role reads), secrets masked", async () => {
    await actAs("viewer");
    const stages = await readRoute(
      routeRequest(`${base}/api/ivs/ListStages?region=eu-west-1`),
      operation("ListStages"),
    );
    expect(stages.status).toBe(200);
    expect(await stages.json()).toMatchObject({ data: { stages: expect.any(Array) } });
    expect((await overviewRoute(routeRequest(`${base}/api/overview?region=eu-west-1`))).status).toBe(200);
    expect((await presetsRoute(routeRequest(`${base}/api/presets`))).status).toBe(200);
  });

  it("still refuse mutations through the read route, even for an admin", async () => {
    await actAs("admin");
    const answer = await readRoute(routeRequest(`${base}/api/ivs/DeleteStage`), operation("DeleteStage"));
    expect(answer.status).toBe(404);
  });
});
