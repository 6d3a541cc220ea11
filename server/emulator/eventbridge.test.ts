import { describe, expect, it } from "vitest";
import { IvsEventBridgeEvent } from "@/lib/observe/eventbridge";
import { createEventBridgeEmitter, type EventBridgeEvent } from "./eventbridge";
import { join, newStage, refOf, simSetup } from "./sim/test-kit";

/** Deliveries the emitter made, as parsed events (the send function stands in for the console's endpoint). */
function emitterKit(random: () => number = () => 0.5) {
  const kit = simSetup();
  const sent: EventBridgeEvent[] = [];
  const emitter = createEventBridgeEmitter({
    world: kit.world,
    target: "http://127.0.0.1:9/events",
    apiKey: "k",
    credentials: [{ accessKeyId: "test", secretAccessKey: "test", account: "123456789012" }],
    random,
    send: async (body) => {
      sent.push(JSON.parse(body) as EventBridgeEvent);
      return 200;
    },
  });
  return { kit, sent, emitter };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("emulator EventBridge emission", () => {
  it("sends nothing of what happened before it started, then a Stage Update per publish change, in the documented shape", async () => {
    const { kit, sent, emitter } = emitterKit();
    const stage = await newStage(kit);
    const before = join(kit, stage.arn, { userId: "early" });
    kit.sim.publish(kit.scope, refOf(before));
    emitter.tick();
    await settle();
    expect(sent).toEqual([]);

    const guest = join(kit, stage.arn, { userId: "guest-1" });
    kit.sim.publish(kit.scope, refOf(guest));
    kit.sim.unpublish(kit.scope, refOf(guest));
    emitter.tick();
    await settle();
    expect(sent.map((e) => e.detail.event_name)).toEqual(["Participant Published", "Participant Unpublished"]);
    const published = sent[0];
    expect(published).toMatchObject({
      "detail-type": "IVS Stage Update",
      source: "aws.ivs",
      account: kit.scope.account,
      region: kit.scope.region,
      resources: [stage.arn],
      detail: {
        session_id: guest.participant.sessionId,
        participant_id: guest.participant.data.participantId,
        user_id: "guest-1",
      },
    });
    // What the console's ingestion endpoint accepts.
    for (const event of sent) expect(IvsEventBridgeEvent.safeParse(event).success).toBe(true);
    expect(new Set(sent.map((e) => e.id)).size).toBe(2);
  });

  it("names a publish error and carries its code", async () => {
    const { kit, sent, emitter } = emitterKit();
    const stage = await newStage(kit);
    emitter.tick();
    const viewer = join(kit, stage.arn, { userId: "viewer", capabilities: ["SUBSCRIBE"] });
    kit.sim.publish(kit.scope, refOf(viewer));
    emitter.tick();
    await settle();
    expect(sent.map((e) => [e.detail.event_name, e.detail.error_code])).toEqual([
      ["Participant Publish Error", "INSUFFICIENT_CAPABILITIES"],
    ]);
  });

  it("drops and duplicates on request (best effort, as EventBridge)", async () => {
    let draw = 0;
    const { kit, sent, emitter } = emitterKit(() => draw);
    const stage = await newStage(kit);
    emitter.tick();
    const a = join(kit, stage.arn, { userId: "a" });

    draw = 0; // every draw below the probabilities
    await setDelivery(emitter, { drop: 1 });
    kit.sim.publish(kit.scope, refOf(a));
    emitter.tick();
    await settle();
    expect(sent).toEqual([]);

    await setDelivery(emitter, { drop: 0, duplicate: 1 });
    kit.sim.unpublish(kit.scope, refOf(a));
    emitter.tick();
    await settle();
    expect(sent).toHaveLength(2);
    expect(sent[0]?.id).toBe(sent[1]?.id);
    expect(emitter.counters()).toMatchObject({ emitted: 2, dropped: 1, duplicated: 1, delivered: 2 });
  });

  it("refuses bad delivery settings with a 400 and keeps the old ones", async () => {
    const { emitter } = emitterKit();
    await expect(setDelivery(emitter, { drop: 2 })).rejects.toMatchObject({ status: 400 });
    await expect(setDelivery(emitter, { delayMs: [500, 100] })).rejects.toMatchObject({ status: 400 });
    await expect(setDelivery(emitter, { nonsense: true })).rejects.toMatchObject({ status: 400 });
    expect(await setDelivery(emitter, {})).toMatchObject({
      delivery: { drop: 0, duplicate: 0, delayMs: [0, 0], reorder: false },
    });
  });
});

/** Calls the control route as the HTTP server would. */
async function setDelivery(emitter: ReturnType<typeof createEventBridgeEmitter>, body: Record<string, unknown>) {
  let answered: unknown;
  const handled = await emitter.routes(
    { method: "POST", headers: { authorization: "Bearer test:test" } } as never,
    {} as never,
    {
      subPath: "/eventbridge/delivery",
      readBody: async () => Buffer.from(JSON.stringify(body)),
      sendJson: (_status: number, json: unknown) => (answered = json),
    } as never,
  );
  expect(handled).toBe(true);
  return answered;
}
