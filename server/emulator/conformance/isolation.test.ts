/**
 * Isolation over HTTP: two accounts (two configured credential pairs) × two regions = four scopes. Each scope
 * gets the same kinds of resources (stages, a live session with a participant and a replication, a token,
 * compositions, encoder/storage/ingest configurations, a public key (the same key in every scope), tags).
 * From every other scope nothing of it is visible: lists do not show it, Get/Delete/Update/Tag answer 404,
 * session and participant lists under its stage are empty, its page tokens are refused, and none of those
 * calls changes anything. Every pair of scopes with the official SDK; with our transport, the pairs that involve
 * the first scope (another region, another account, both; in both directions).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OperationName } from "@/lib/ivs/operations";
import { samplePublicKeyPem } from "@/lib/ivs/samples";
import { manualClock } from "@/server/emulator/clock";
import type { Scope } from "@/server/emulator/world/ids";
import { joinParticipant, setPublishing } from "@/server/emulator/world/live/participants";
import { must } from "@/server/emulator/world/test-kit";
import {
  oursClient,
  sdkClient,
  type CallOptions,
  type ClientUnderTest,
  type Credentials,
  type Outcome,
} from "./clients";
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  OTHER_REGION,
  REGION,
  arnPattern,
  otherCredentials,
  snapshotWorld,
  startHarness,
  testCredentials,
  type Harness,
} from "./harness";
import { get, list, text } from "./scenario-kit";

interface CallerScope {
  readonly name: string;
  readonly scope: Scope;
  readonly credentials: Credentials;
}

const scopes: readonly CallerScope[] = [
  { name: "account 1 / us-west-2", scope: { account: ACCOUNT, region: REGION }, credentials: testCredentials },
  { name: "account 1 / eu-central-1", scope: { account: ACCOUNT, region: OTHER_REGION }, credentials: testCredentials },
  { name: "account 2 / us-west-2", scope: { account: OTHER_ACCOUNT, region: REGION }, credentials: otherCredentials },
  {
    name: "account 2 / eu-central-1",
    scope: { account: OTHER_ACCOUNT, region: OTHER_REGION },
    credentials: otherCredentials,
  },
];

interface Made {
  readonly stages: string[];
  readonly stage: string;
  readonly sessionId: string;
  readonly participantId: string;
  readonly composition: string;
  readonly encoder: string;
  readonly storage: string;
  readonly ingest: string;
  readonly publicKey: string;
  /** A ListStages page token (2 stages, maxResults 1). */
  readonly stagesToken: string;
}

const clock = manualClock(Date.now());
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ clock });
});
afterAll(() => harness.close());

const everyPair = scopes.flatMap((from) =>
  scopes.filter((owner) => owner !== from).map((owner) => [from, owner] as const),
);
/** Our transport runs the pairs involving the first scope (other region, other account, both; both ways). */
const pairsWithFirst = everyPair.filter(([from, owner]) => from === scopes[0] || owner === scopes[0]);

describe.each([
  ["sdk", (url: string) => sdkClient(url), everyPair],
  ["ours", (url: string) => oursClient(url), pairsWithFirst],
] as const)("isolation with the %s client", (_kind, makeClient, pairs) => {
  let client: ClientUnderTest;
  const made = new Map<string, Made>();

  const options = (s: CallerScope): CallOptions => ({ region: s.scope.region, credentials: s.credentials });
  async function ok(s: CallerScope, name: OperationName, input: object) {
    const outcome = await client.call(name, input, options(s));
    if (!outcome.ok) throw new Error(`${s.name} ${name}: ${outcome.code} ${outcome.message}`);
    return outcome.output;
  }
  const call = (s: CallerScope, name: OperationName, input: object): Promise<Outcome> =>
    client.call(name, input, options(s));

  async function populate(s: CallerScope): Promise<Made> {
    const stage = text(
      await ok(s, "CreateStage", { name: "main", tags: { owner: s.name.replace(/\W+/g, "-") } }),
      "stage",
      "arn",
    );
    const second = text(await ok(s, "CreateStage", { name: "mirror" }), "stage", "arn");
    await ok(s, "CreateParticipantToken", { stageArn: stage, userId: "alice" });
    // A live session through the world's simulation hook, then a replication over HTTP.
    const store = harness.world.region(s.scope);
    const joined = joinParticipant(store, must(store.stages.get(stage)), { userId: "alice" });
    setPublishing(store, joined, true);
    await ok(s, "StartParticipantReplication", {
      sourceStageArn: stage,
      destinationStageArn: second,
      participantId: joined.data.participantId,
    });
    const encoder = text(await ok(s, "CreateEncoderConfiguration", { name: "enc" }), "encoderConfiguration", "arn");
    const storage = text(
      await ok(s, "CreateStorageConfiguration", { s3: { bucketName: "recordings" } }),
      "storageConfiguration",
      "arn",
    );
    const channelArn = `arn:aws:ivs:${s.scope.region}:${s.scope.account}:channel/Channel12345`;
    const composition = text(
      await ok(s, "StartComposition", {
        stageArn: stage,
        destinations: [{ channel: { channelArn, encoderConfigurationArn: encoder } }],
      }),
      "composition",
      "arn",
    );
    const ingest = text(
      await ok(s, "CreateIngestConfiguration", { ingestProtocol: "RTMPS", stageArn: stage }),
      "ingestConfiguration",
      "arn",
    );
    const publicKey = text(
      await ok(s, "ImportPublicKey", { publicKeyMaterial: samplePublicKeyPem }),
      "publicKey",
      "arn",
    );
    await ok(s, "TagResource", { resourceArn: encoder, tags: { scope: "x" } });
    const stagesToken = text(await ok(s, "ListStages", { maxResults: 1 }), "nextToken");
    for (const [arn, kind] of [
      [stage, "stage"],
      [encoder, "encoder-configuration"],
      [publicKey, "public-key"],
      [ingest, "ingest-configuration"],
    ] as const) {
      expect(arn).toMatch(arnPattern(kind, s.scope));
    }
    return {
      stages: [stage, second],
      stage,
      sessionId: joined.sessionId,
      participantId: joined.data.participantId,
      composition,
      encoder,
      storage,
      ingest,
      publicKey,
      stagesToken,
    };
  }

  beforeAll(async () => {
    client = makeClient(harness.url);
    harness.reset();
    for (const s of scopes) made.set(s.name, await populate(s));
  });
  afterAll(() => client.close());

  it("each scope lists exactly its own resources", async () => {
    for (const s of scopes) {
      const own = must(made.get(s.name));
      const arns = async (name: OperationName, items: string, input: object = {}) =>
        list(await ok(s, name, input), items).map((item) => get(item, "arn"));
      expect(await arns("ListStages", "stages")).toEqual(own.stages);
      expect(await arns("ListCompositions", "compositions")).toEqual([own.composition]);
      expect(await arns("ListEncoderConfigurations", "encoderConfigurations")).toEqual([own.encoder]);
      expect(await arns("ListStorageConfigurations", "storageConfigurations")).toEqual([own.storage]);
      expect(await arns("ListIngestConfigurations", "ingestConfigurations")).toEqual([own.ingest]);
      expect(await arns("ListPublicKeys", "publicKeys")).toEqual([own.publicKey]);
      expect(list(await ok(s, "ListStageSessions", { stageArn: own.stage }), "stageSessions")).toHaveLength(1);
      expect(
        list(
          await ok(s, "ListParticipantReplicas", { sourceStageArn: own.stage, participantId: own.participantId }),
          "replicas",
        ),
      ).toHaveLength(1);
      expect(await ok(s, "ListTagsForResource", { resourceArn: own.stage })).toEqual({
        tags: { owner: s.name.replace(/\W+/g, "-") },
      });
    }
  });

  it.each(pairs.map(([from, owner]) => [from.name, owner.name, from, owner] as const))(
    "from %s nothing of %s is visible, and probing it changes nothing",
    async (_from, _owner, from, owner) => {
      const theirs = must(made.get(owner.name));
      const before = snapshotWorld(harness.world);
      const notFound = async (name: OperationName, input: object) => {
        const outcome = await call(from, name, input);
        expect(outcome.ok ? `${name}: ok` : `${name}: ${outcome.code} ${outcome.status}`).toBe(
          `${name}: ResourceNotFoundException 404`,
        );
      };
      const empty = async (name: OperationName, input: object, items: string) =>
        expect(list(await ok(from, name, input), items), name).toEqual([]);

      await notFound("GetStage", { arn: theirs.stage });
      await notFound("UpdateStage", { arn: theirs.stage, name: "hijacked" });
      await notFound("DeleteStage", { arn: theirs.stage });
      await notFound("CreateParticipantToken", { stageArn: theirs.stage });
      await notFound("DisconnectParticipant", { stageArn: theirs.stage, participantId: theirs.participantId });
      await notFound("GetStageSession", { stageArn: theirs.stage, sessionId: theirs.sessionId });
      await notFound("GetParticipant", {
        stageArn: theirs.stage,
        sessionId: theirs.sessionId,
        participantId: theirs.participantId,
      });
      await notFound("StartComposition", {
        stageArn: theirs.stage,
        destinations: [{ channel: { channelArn: `arn:aws:ivs:${REGION}:${ACCOUNT}:channel/x` } }],
      });
      await notFound("StartParticipantReplication", {
        sourceStageArn: theirs.stage,
        destinationStageArn: must(theirs.stages[1]),
        participantId: theirs.participantId,
      });
      await notFound("StopParticipantReplication", {
        sourceStageArn: theirs.stage,
        destinationStageArn: must(theirs.stages[1]),
        participantId: theirs.participantId,
      });
      await notFound("GetComposition", { arn: theirs.composition });
      await notFound("StopComposition", { arn: theirs.composition });
      await notFound("GetEncoderConfiguration", { arn: theirs.encoder });
      await notFound("DeleteEncoderConfiguration", { arn: theirs.encoder });
      await notFound("GetStorageConfiguration", { arn: theirs.storage });
      await notFound("DeleteStorageConfiguration", { arn: theirs.storage });
      await notFound("GetIngestConfiguration", { arn: theirs.ingest });
      await notFound("UpdateIngestConfiguration", { arn: theirs.ingest, stageArn: "" });
      await notFound("DeleteIngestConfiguration", { arn: theirs.ingest, force: true });
      await notFound("GetPublicKey", { arn: theirs.publicKey });
      await notFound("DeletePublicKey", { arn: theirs.publicKey });
      for (const arn of [
        theirs.stage,
        theirs.composition,
        theirs.encoder,
        theirs.storage,
        theirs.ingest,
        theirs.publicKey,
      ]) {
        await notFound("ListTagsForResource", { resourceArn: arn });
      }
      await notFound("TagResource", { resourceArn: theirs.encoder, tags: { stolen: "1" } });
      await notFound("UntagResource", { resourceArn: theirs.encoder, tagKeys: ["scope"] });

      await empty("ListStageSessions", { stageArn: theirs.stage }, "stageSessions");
      await empty("ListParticipants", { stageArn: theirs.stage, sessionId: theirs.sessionId }, "participants");
      await empty(
        "ListParticipantEvents",
        { stageArn: theirs.stage, sessionId: theirs.sessionId, participantId: theirs.participantId },
        "events",
      );
      await empty(
        "ListParticipantReplicas",
        { sourceStageArn: theirs.stage, participantId: theirs.participantId },
        "replicas",
      );
      await empty("ListCompositions", { filterByStageArn: theirs.stage }, "compositions");
      await empty("ListCompositions", { filterByEncoderConfigurationArn: theirs.encoder }, "compositions");
      await empty("ListIngestConfigurations", { filterByStageArn: theirs.stage }, "ingestConfigurations");

      const token = await call(from, "ListStages", { maxResults: 1, nextToken: theirs.stagesToken });
      expect(token.ok ? "ok" : `${token.code} ${token.status}`).toBe("ValidationException 400");

      expect(snapshotWorld(harness.world)).toBe(before);
    },
  );

  it("nothing was lost: every scope still has everything it made", async () => {
    for (const s of scopes) {
      const own = must(made.get(s.name));
      expect(get(await ok(s, "GetStage", { arn: own.stage }), "stage", "activeSessionId")).toBe(own.sessionId);
      expect(await ok(s, "ListTagsForResource", { resourceArn: own.encoder })).toEqual({ tags: { scope: "x" } });
      expect(
        get(
          await ok(s, "GetParticipant", {
            stageArn: own.stage,
            sessionId: own.sessionId,
            participantId: own.participantId,
          }),
          "participant",
          "state",
        ),
      ).toBe("CONNECTED");
    }
  });
});
