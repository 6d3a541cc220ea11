import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InputOf, OperationName } from "@/lib/ivs/operations";
import { testConfig } from "@/server/emulator/http/test-server";
import { silentLogger } from "@/server/emulator/http/logger";
import { createEmulatorApp, type EmulatorApp } from "@/server/emulator/sim/app";
import { createBudget } from "@/server/ivs/budget";
import { createTransport } from "@/server/ivs/transport";
import { createCollector, type ObservedCall } from "./collector";
import { openDatabase } from "@/server/db/database";
import { createObservationStore, type ObservationStore, type Scope } from "./store";

// The collector against the real emulator (HTTP, SigV4, its quotas on) while injected faults throttle, fail and
// reset a share of its calls: it must back off, never crash, and end with exactly what IVS has, once.
let app: EmulatorApp;
let url = "";
const scope: Scope = { region: "eu-west-1", profile: "" };
const emuScope = { account: "123456789012", region: "eu-west-1" };

beforeAll(async () => {
  app = createEmulatorApp({ config: testConfig({ quotas: "realistic" }), logger: silentLogger });
  ({ url } = await app.server.listen());
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
});
afterAll(() => app.server.close());

function client() {
  const transport = createTransport({ target: (region) => ({ region, endpoint: url, isEmulator: true }) });
  const budget = createBudget();
  let calls = 0;
  const call: ObservedCall = async (s, name, input) => {
    await budget.take(s, name);
    calls++;
    return transport.call(name, input, { region: s.region });
  };
  return { transport, call, calls: () => calls };
}

async function control(path: string, body: object) {
  const response = await fetch(`${url}/_emulator/${path}`, {
    method: "POST",
    headers: { authorization: "Bearer test:test", "content-type": "application/json" },
    body: JSON.stringify({ region: scope.region, ...body }),
  });
  expect(response.status, path).toBe(200);
  return response.json() as Promise<Record<string, unknown>>;
}

function startCollector(store: ObservationStore, call: ObservedCall, failures: string[]) {
  const collector = createCollector({
    store,
    call,
    now: Date.now,
    scopes: () => [scope],
    watched: () => [],
    publish: () => {},
    settings: {
      stagesEveryMs: 300,
      liveListEveryMs: 300,
      liveEventsEveryMs: 300,
      watchedListEveryMs: 300,
      watchedEventsEveryMs: 300,
    },
    log: (message) => failures.push(message),
  });
  collector.start();
  return collector;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Truth: every participant and every event, read straight from IVS with the official-shaped client. */
async function truth(
  call: <N extends OperationName>(name: N, input: InputOf<N>) => Promise<unknown>,
  stageArn: string,
  sessionId: string,
) {
  const participants = (
    (await call("ListParticipants", { stageArn, sessionId, maxResults: 100 })) as {
      participants: { participantId: string; state: string }[];
    }
  ).participants;
  const events: Record<string, number> = {};
  for (const p of participants) {
    const list = (await call("ListParticipantEvents", {
      stageArn,
      sessionId,
      participantId: p.participantId,
      maxResults: 100,
    })) as { events: unknown[] };
    events[p.participantId] = list.events.length;
  }
  return { participants, events };
}

describe("collector: recovery from injected faults", () => {
  it("observes a live session completely through throttling, 5xx and connection resets, then again after a restart, with nothing lost or duplicated", async () => {
    const created = await client().transport.call("CreateStage", { name: "faults" }, { region: scope.region });
    const stageArn = created.stage?.arn ?? "";
    const people = Array.from({ length: 6 }, (_, i) =>
      app.sim.join(emuScope, { stageArn, userId: `f-${i}`, ...(i < 2 ? { publish: true } : {}) }),
    );
    const sessionId = people[0]?.participant.sessionId ?? "";
    for (const viewer of people.slice(2))
      app.sim.subscribe(
        emuScope,
        { stageArn, participantId: viewer.participant.data.participantId },
        people[0]?.participant.data.participantId ?? "",
      );

    await control("faults", { operation: "*", errorType: "ThrottlingException", status: 429, probability: 0.25 });
    await control("faults", { operation: "*", errorType: "InternalServerException", status: 500, probability: 0.15 });
    await control("faults", { operation: "ListParticipantEvents", connectionReset: true, probability: 0.15 });

    const store = createObservationStore(await openDatabase({ path: ":memory:" }).then((handle) => async () => handle));
    const failures: string[] = [];
    const { call } = client();
    const first = startCollector(store, call, failures);
    const ref = { stageArn, sessionId };
    try {
      await until(
        async () =>
          (await store.coverage(scope, ref)).observed &&
          (await store.coverage(scope, ref)).pending === 0 &&
          (await store.participants(scope, ref)).length === 6,
        "complete coverage under faults",
      );
    } finally {
      first.stop();
    }

    // Clear the faults and compare with IVS itself.
    await fetch(`${url}/_emulator/faults?region=${scope.region}`, {
      method: "DELETE",
      headers: { authorization: "Bearer test:test" },
    });
    const direct = client().transport;
    const read = <N extends OperationName>(name: N, input: InputOf<N>) =>
      direct.call(name, input, { region: scope.region });
    const before = await truth(read, stageArn, sessionId);
    expect((await store.participants(scope, ref)).map((p) => p.participantId).sort()).toEqual(
      before.participants.map((p) => p.participantId).sort(),
    );
    for (const [participantId, count] of Object.entries(before.events))
      expect(await store.events(scope, { ...ref, participantId }), participantId).toHaveLength(count);

    // More happens while no collector runs; a new one (a restarted console) resumes from the store.
    app.sim.unpublish(emuScope, { stageArn, participantId: people[0]?.participant.data.participantId ?? "" });
    app.sim.leave(emuScope, { stageArn, participantId: people[5]?.participant.data.participantId ?? "" });
    const second = startCollector(store, call, failures);
    try {
      await until(async () => {
        const left = (await store.participants(scope, ref)).find(
          (p) => p.participantId === people[5]?.participant.data.participantId,
        );
        return left?.state === "DISCONNECTED" && (await store.coverage(scope, ref)).pending === 0;
      }, "the restarted collector to catch up");
      await until(async () => {
        const now = await truth(read, stageArn, sessionId);
        const stored = await Promise.all(
          Object.entries(now.events).map(
            async ([participantId, count]) => (await store.events(scope, { ...ref, participantId })).length === count,
          ),
        );
        return stored.every(Boolean);
      }, "every event, once");
    } finally {
      second.stop();
    }
    // The faults were felt (the collector backed off) and nothing was duplicated by the retries.
    expect(failures.length).toBeGreaterThan(0);
  }, 120_000);
});
