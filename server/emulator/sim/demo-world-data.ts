import type { ParticipantRecordingMediaType } from "@/lib/ivs/enums";
import type { Random } from "../world/random";
import type { LayoutConfigurationInput, Tags } from "../world/shapes";

/**
 * The demo world's cast and set: what exists (configurations, stages, keys) and who takes part in each show.
 * Pure data plus a deterministic cast generator; demo-world.ts builds it, demo-world-activity.ts plays it.
 * Times are minutes relative to "now" (the moment the emulator starts); negative = history.
 */

export type Band = readonly [number, number];

export interface PersonaSpec {
  /** Unique within its show; the activity's handle on the participant (and the key it is persisted under). */
  readonly key: string;
  readonly userId: string;
  readonly attributes: Tags;
  /** Its token's capabilities. Viewers get SUBSCRIBE only, as real apps give their audience. */
  readonly capabilities: readonly ("PUBLISH" | "SUBSCRIBE")[];
  /** Goes on camera when it joins. */
  readonly publishes: boolean;
  /** Its network is bad: reconnect loops pick it first. */
  readonly flaky?: boolean;
}

/** Things that go wrong, at a rate per hour of on-air time (Poisson-ish: a chance per tick). */
export type IncidentKind =
  /** The network drops; it reconnects (and republishes) 3–25 s later. */
  | "drop"
  /** Drop, reconnect, drop, reconnect… three or four times within a minute, then it holds. */
  | "reconnectLoop"
  /** PUBLISH_ERROR BITRATE_EXCEEDED (publishing stops), then the encoder is turned down and it publishes again. */
  | "bitrate"
  /** Camera off (PUBLISH_STOPPED) for 10–40 s, then on again. */
  | "cameraOff"
  /** A viewer with a SUBSCRIBE-only token tries to go on camera: PUBLISH_ERROR INSUFFICIENT_CAPABILITIES. */
  | "raiseHand"
  /** The RTMP encoder sends B-frames: PUBLISH_ERROR B_FRAME_PRESENT, disconnected; restarted fixed 20–60 s later. */
  | "bFrames"
  /** The encoder restarts with a stale stream key: PUBLISH_ERROR INVALID_STREAM_KEY; the right key 30–90 s later. */
  | "staleKey"
  /** A guest joins while 12 already publish: PUBLISH_ERROR QUOTA_EXCEEDED; it watches and retries later. */
  | "thirteenth"
  /**
   * A moderator removes a viewer (DisconnectParticipant: LEFT, token revoked); its app retries with the revoked
   * token a few seconds later: JOIN_ERROR (no error code). It comes back later with a new token.
   */
  | "kick"
  /**
   * TOKEN_EXCHANGED (previousToken → newToken): a guest whose segment ends is moved to a SUBSCRIBE-only token
   * (it stops publishing; its app tries to publish once more: PUBLISH_ERROR INSUFFICIENT_CAPABILITIES), or,
   * with no guest on camera, a host refreshes its token (same capabilities, a later expiry).
   */
  | "tokenExchange"
  /**
   * A host guest-stars on another live demo stage of the region for 2–5 minutes: StartParticipantReplication
   * (REPLICATION_STARTED on the source; the copy joins the destination with `replicationType` REPLICA), then
   * StopParticipantReplication (REPLICATION_STOPPED).
   */
  | "crossover";

export interface CompositionSpec {
  readonly layout: NonNullable<LayoutConfigurationInput>;
  /** Broadcast to an IVS low-latency channel (ARN built from this id), with this encoder configuration. */
  readonly channel?: { readonly channelId: string; readonly encoder: string };
  /** Record to S3: storage and encoder configuration names. */
  readonly s3?: { readonly storage: string; readonly encoder: string };
  readonly tags: Tags;
}

export interface ShowSpec {
  readonly stage: string;
  readonly tags: Tags;
  readonly recording?: {
    readonly storage: string;
    readonly mediaTypes: readonly ParticipantRecordingMediaType[];
    readonly recordingReconnectWindowSeconds: number;
    readonly thumbnails: boolean;
  };
  /** On stage for the whole session, joining first and leaving last. */
  readonly hosts: readonly PersonaSpec[];
  /** Names of RTMP(S) ingest configurations whose encoder streams while the show is on air. */
  readonly encoders: readonly string[];
  /** Come and go during the session; `target` of them on stage at once, each for `stayMinutes`. */
  readonly guests: { readonly personas: readonly PersonaSpec[]; readonly target: Band; readonly stayMinutes: Band };
  /** The audience: `count` personas, `target` of them watching at once, each for `stayMinutes`. */
  readonly viewers: {
    readonly count: number;
    readonly target: Band;
    readonly stayMinutes: Band;
    readonly make: (index: number, random: Random) => PersonaSpec;
  };
  readonly schedule: {
    /** Sessions written exactly: [start, end] in minutes relative to now (end may be in the future). */
    readonly script: readonly (readonly [number, number])[];
    /** After the script: on air for this long… */
    readonly onAirMinutes: Band;
    /** …then off air for this long, and again. */
    readonly offAirMinutes: Band;
  };
  /** Seconds between two moves of the activity while on air. */
  readonly tickSeconds: Band;
  readonly composition?: CompositionSpec;
  readonly incidents: Partial<Record<IncidentKind, number>>;
}

export interface ScriptedIncident {
  /** Minutes relative to now (history). */
  readonly at: number;
  readonly region: string;
  readonly stage: string;
  readonly kind: IncidentKind;
}

export interface RegionSpec {
  readonly region: string;
  readonly encoders: readonly {
    readonly name: string;
    readonly width: number;
    readonly height: number;
    readonly framerate: number;
    readonly bitrate: number;
    readonly tags: Tags;
  }[];
  readonly storages: readonly { readonly name: string; readonly bucketName: string; readonly tags: Tags }[];
  readonly ingests: readonly {
    readonly name: string;
    readonly protocol: "RTMP" | "RTMPS";
    /** Stage name, or undefined for a detached configuration. */
    readonly stage?: string;
    readonly userId: string;
    readonly attributes: Tags;
    readonly redundantIngest?: boolean;
    readonly tags: Tags;
  }[];
  readonly publicKeys: readonly { readonly name: string; readonly tags: Tags }[];
  readonly shows: readonly ShowSpec[];
}

/** How much history the demo writes before it goes live. */
export const historyMinutes = 180;
/** Persona tokens last the maximum (14 days), so the cast keeps its participant ids. */
export const tokenDurationMinutes = 20_160;
/** Ended sessions the demo keeps per stage: the newest ones, at most 12 h old, within an event budget (the newest is always kept). */
export const retention = {
  maxEndedSessionsPerStage: 10,
  maxAgeMs: 12 * 60 * 60_000,
  maxEventsPerStage: 8_000,
} as const;

// ---- the cast --------------------------------------------------------------------------------------------

const firstNames = [
  "Aiko",
  "Amara",
  "Arjun",
  "Bea",
  "Bruno",
  "Carmen",
  "Chidi",
  "Dana",
  "Elif",
  "Emeka",
  "Farah",
  "Felix",
  "Goran",
  "Hana",
  "Ines",
  "Ivan",
  "Jonas",
  "Kai",
  "Kenji",
  "Lena",
  "Luca",
  "Malik",
  "Mei",
  "Mila",
  "Nadia",
  "Noor",
  "Oskar",
  "Pablo",
  "Quinn",
  "Rania",
  "Rosa",
  "Sami",
  "Sofia",
  "Tariq",
  "Teo",
  "Uma",
  "Vera",
  "Wen",
  "Yara",
  "Zoe",
];
const lastNames = [
  "Abe",
  "Alvarez",
  "Bauer",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Nakamura",
  "Okafor",
  "Petrov",
  "Quispe",
  "Rossi",
  "Silva",
  "Tanaka",
  "Umar",
  "Varga",
  "Weber",
  "Xu",
  "Yilmaz",
  "Zhang",
];
const handles = [
  "nova",
  "pixel",
  "kestrel",
  "ember",
  "orbit",
  "glitch",
  "lumen",
  "vortex",
  "zephyr",
  "comet",
  "drift",
  "quasar",
  "rift",
  "saber",
  "tundra",
  "wisp",
  "blaze",
  "cipher",
  "echo",
  "frost",
];
const departments = ["engineering", "sales", "support", "finance", "marketing", "people", "legal", "design"];

const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)] as T;

const both = ["PUBLISH", "SUBSCRIBE"] as const;
const watchOnly = ["SUBSCRIBE"] as const;

function onCamera(key: string, userId: string, attributes: Tags, extra: Partial<PersonaSpec> = {}): PersonaSpec {
  return { key, userId, attributes, capabilities: both, publishes: true, ...extra };
}

function person(random: Random): { first: string; last: string } {
  return { first: pick(random, firstNames), last: pick(random, lastNames) };
}

const fan = (index: number, random: Random): PersonaSpec => ({
  key: `viewer-${index}`,
  userId: `${pick(random, handles)}_${pick(random, handles)}${10 + random.int(90)}`,
  attributes: { role: "viewer", tier: random.next() < 0.3 ? "subscriber" : "free" },
  capabilities: watchOnly,
  publishes: false,
});

const employee = (index: number, random: Random): PersonaSpec => {
  const { first, last } = person(random);
  return {
    key: `viewer-${index}`,
    userId: `${first.toLowerCase()}.${last.toLowerCase()}`,
    attributes: { role: "viewer", department: pick(random, departments), displayName: `${first} ${last}` },
    capabilities: watchOnly,
    publishes: false,
  };
};

const attendee = (index: number, random: Random): PersonaSpec => {
  const { first, last } = person(random);
  return {
    key: `viewer-${index}`,
    userId: `${first.toLowerCase()}-${last.toLowerCase()}-${100 + random.int(900)}`,
    attributes: { role: "viewer", displayName: `${first} ${last}` },
    capabilities: watchOnly,
    publishes: false,
  };
};

const nobody = (index: number): PersonaSpec => ({
  key: `viewer-${index}`,
  userId: "",
  attributes: {},
  capabilities: watchOnly,
  publishes: false,
});

const players = (team: string, names: readonly string[], firstOrder: number): PersonaSpec[] =>
  names.map((name, index) =>
    onCamera(`player-${name}`, `${team.toLowerCase()}-${name}`, {
      role: "player",
      team,
      displayName: name,
      order: String(firstOrder + index),
    }),
  );

// ---- the world ---------------------------------------------------------------------------------------------

const demoTag = { project: "control-room-demo" } as const;

export const demoRegions: readonly RegionSpec[] = [
  {
    region: "us-east-1",
    encoders: [
      {
        name: "720p30-landscape",
        width: 1280,
        height: 720,
        framerate: 30,
        bitrate: 2_500_000,
        tags: { ...demoTag, preset: "720p" },
      },
      {
        name: "1080p30-landscape",
        width: 1920,
        height: 1080,
        framerate: 30,
        bitrate: 6_000_000,
        tags: { ...demoTag, preset: "1080p" },
      },
      {
        name: "720x1280-portrait",
        width: 720,
        height: 1280,
        framerate: 30,
        bitrate: 2_500_000,
        tags: { ...demoTag, preset: "portrait" },
      },
    ],
    storages: [
      {
        name: "participant-recordings",
        bucketName: "control-room-demo-recordings-use1",
        tags: { ...demoTag, retention: "30d" },
      },
      {
        name: "composite-archive",
        bucketName: "control-room-demo-composites-use1",
        tags: { ...demoTag, retention: "1y" },
      },
    ],
    ingests: [
      {
        name: "arena-program-feed",
        protocol: "RTMPS",
        stage: "esports-finals",
        userId: "arena-program-feed",
        attributes: { role: "program-feed", order: "11" },
        tags: { ...demoTag, venue: "arena" },
      },
      {
        name: "lobby-camera",
        protocol: "RTMP",
        stage: "town-hall",
        userId: "lobby-camera",
        attributes: { role: "room-camera", order: "3" },
        tags: { ...demoTag, venue: "hq-lobby" },
      },
      // Redundant ingest: the primary and the backup path (redundantIngestCredentials) stream side by side.
      {
        name: "spare-encoder",
        protocol: "RTMPS",
        stage: "town-hall",
        userId: "spare-encoder",
        attributes: { role: "stage-camera", order: "4" },
        redundantIngest: true,
        tags: { ...demoTag, venue: "truck-2" },
      },
    ],
    publicKeys: [{ name: "partner-portal-signing-key", tags: { ...demoTag, owner: "partner-portal" } }],
    shows: [
      {
        stage: "esports-finals",
        tags: { ...demoTag, team: "events", event: "spring-finals", env: "production" },
        hosts: [
          onCamera("caster-maya", "caster-maya-chen", {
            role: "caster",
            displayName: "Maya Chen",
            featured: "true",
            order: "1",
          }),
          onCamera("caster-diego", "caster-diego-ramos", { role: "caster", displayName: "Diego Ramos", order: "2" }),
          ...players("Nebula", ["astra", "bolt", "cinder", "dusk"], 3),
          ...players("Vortex", ["echo", "flux", "gale", "halo"], 7),
        ],
        encoders: ["arena-program-feed"],
        guests: {
          personas: [
            onCamera("analyst-priya", "analyst-priya-nair", {
              role: "analyst",
              displayName: "Priya Nair",
              order: "12",
            }),
            onCamera("analyst-tom", "analyst-tom-becker", { role: "analyst", displayName: "Tom Becker", order: "12" }),
            onCamera("sponsor-rep", "sponsor-rep-jules", { role: "sponsor", displayName: "Jules Martin", order: "13" }),
          ],
          target: [0, 2],
          stayMinutes: [12, 35],
        },
        viewers: { count: 60, target: [24, 44], stayMinutes: [4, 30], make: fan },
        schedule: {
          script: [
            [-178, -120],
            [-105, 95],
          ],
          onAirMinutes: [150, 200],
          offAirMinutes: [10, 20],
        },
        tickSeconds: [2.5, 5],
        composition: {
          layout: {
            grid: {
              featuredParticipantAttribute: "featured",
              participantOrderAttribute: "order",
              gridGap: 4,
              omitStoppedVideo: true,
              videoAspectRatio: "VIDEO",
              videoFillMode: "COVER",
            },
          },
          channel: { channelId: "FinalsMainCh1", encoder: "1080p30-landscape" },
          s3: { storage: "composite-archive", encoder: "720p30-landscape" },
          tags: { ...demoTag, event: "spring-finals" },
        },
        incidents: {
          drop: 8,
          reconnectLoop: 0.7,
          bitrate: 1.5,
          cameraOff: 1.5,
          raiseHand: 1.5,
          thirteenth: 1,
          kick: 1,
          tokenExchange: 0.7,
          crossover: 0.7,
        },
      },
      {
        stage: "morning-show",
        tags: { ...demoTag, team: "studio", show: "good-morning", env: "production" },
        recording: {
          storage: "participant-recordings",
          mediaTypes: ["AUDIO_VIDEO"],
          recordingReconnectWindowSeconds: 30,
          thumbnails: true,
        },
        hosts: [
          onCamera("host-ava", "ava-thompson", {
            role: "host",
            displayName: "Ava Thompson",
            featured: "true",
            order: "1",
          }),
          onCamera("cohost-sam", "sam-okoro", { role: "co-host", displayName: "Sam Okoro", order: "2" }),
          {
            key: "producer-lee",
            userId: "producer-lee-park",
            attributes: { role: "producer", displayName: "Lee Park" },
            capabilities: both,
            publishes: false,
          },
        ],
        encoders: [],
        guests: {
          personas: [
            onCamera("guest-chef", "guest-chef-rosa", { role: "guest", displayName: "Chef Rosa Silva", order: "3" }),
            onCamera(
              "guest-author",
              "guest-author-malik",
              { role: "guest", displayName: "Malik Haddad", order: "3" },
              { flaky: true },
            ),
            onCamera("guest-athlete", "guest-athlete-ines", { role: "guest", displayName: "Ines Costa", order: "4" }),
            onCamera("guest-weather", "guest-weather-kai", { role: "guest", displayName: "Kai Larsen", order: "4" }),
          ],
          target: [1, 2],
          stayMinutes: [8, 20],
        },
        viewers: { count: 30, target: [10, 22], stayMinutes: [5, 30], make: attendee },
        schedule: {
          script: [
            [-176, -96],
            [-72, 40],
          ],
          onAirMinutes: [90, 140],
          offAirMinutes: [20, 40],
        },
        tickSeconds: [3, 7],
        incidents: { drop: 4, reconnectLoop: 1.5, bitrate: 1.5, cameraOff: 2, raiseHand: 1, tokenExchange: 1.5 },
      },
      {
        stage: "town-hall",
        tags: { ...demoTag, team: "internal-comms", audience: "all-hands" },
        hosts: [
          onCamera("presenter-priya", "priya.raman", {
            role: "presenter",
            displayName: "Priya Raman",
            featured: "true",
            order: "1",
          }),
          onCamera("interpreter-kim", "asl-interpreter-kim", {
            role: "interpreter",
            displayName: "Kim Abe",
            pip: "true",
            order: "2",
          }),
        ],
        encoders: ["lobby-camera", "spare-encoder"],
        guests: {
          personas: [
            onCamera("qa-1", "qa-speaker-jonas", { role: "q-and-a", displayName: "Jonas Weber", order: "4" }),
            onCamera("qa-2", "qa-speaker-mei", { role: "q-and-a", displayName: "Mei Tanaka", order: "4" }),
            onCamera("qa-3", "qa-speaker-pablo", { role: "q-and-a", displayName: "Pablo Garcia", order: "4" }),
          ],
          target: [0, 1],
          stayMinutes: [2, 6],
        },
        viewers: { count: 50, target: [18, 38], stayMinutes: [10, 45], make: employee },
        schedule: {
          script: [
            [-160, -112],
            [-88, -38],
            [-22, 28],
          ],
          onAirMinutes: [40, 60],
          offAirMinutes: [10, 25],
        },
        tickSeconds: [3, 7],
        composition: {
          layout: {
            pip: {
              featuredParticipantAttribute: "featured",
              pipParticipantAttribute: "pip",
              participantOrderAttribute: "order",
              pipPosition: "BOTTOM_RIGHT",
              pipBehavior: "STATIC",
              pipOffset: 24,
            },
          },
          s3: { storage: "composite-archive", encoder: "720p30-landscape" },
          tags: { ...demoTag, audience: "all-hands" },
        },
        incidents: {
          drop: 4,
          bitrate: 0.5,
          cameraOff: 1,
          raiseHand: 3,
          bFrames: 1,
          staleKey: 0.7,
          kick: 1.5,
          tokenExchange: 1,
        },
      },
      {
        stage: "support-desk",
        tags: { ...demoTag, team: "support", queue: "video-assist" },
        recording: {
          storage: "participant-recordings",
          mediaTypes: ["AUDIO_ONLY"],
          recordingReconnectWindowSeconds: 0,
          thumbnails: false,
        },
        hosts: [onCamera("agent", "agent-oliver-quinn", { role: "agent", displayName: "Oliver Quinn", order: "1" })],
        encoders: [],
        guests: {
          personas: Array.from({ length: 6 }, (_, index) =>
            onCamera(`customer-${index + 1}`, `customer-${4102 + index * 37}`, {
              role: "customer",
              ticket: `CS-${88_210 + index * 13}`,
              order: "2",
            }),
          ),
          target: [1, 1],
          stayMinutes: [3, 8],
        },
        viewers: { count: 0, target: [0, 0], stayMinutes: [0, 0], make: nobody },
        schedule: { script: [], onAirMinutes: [4, 10], offAirMinutes: [2.5, 6] },
        tickSeconds: [4, 8],
        incidents: { drop: 2, cameraOff: 1 },
      },
      {
        stage: "backstage",
        tags: { ...demoTag, team: "events", event: "spring-finals", purpose: "green-room" },
        hosts: [
          onCamera("stage-manager", "stage-manager-rio", {
            role: "stage-manager",
            displayName: "Rio Tanaka",
            order: "1",
          }),
        ],
        encoders: [],
        guests: {
          personas: [
            ...players("Nebula", ["astra", "bolt", "cinder", "dusk"], 2),
            ...players("Vortex", ["echo", "flux", "gale", "halo"], 6),
          ],
          target: [3, 6],
          stayMinutes: [5, 18],
        },
        viewers: { count: 0, target: [0, 0], stayMinutes: [0, 0], make: nobody },
        schedule: { script: [[-132, -108]], onAirMinutes: [20, 35], offAirMinutes: [150, 200] },
        tickSeconds: [4, 8],
        incidents: { drop: 2, cameraOff: 2 },
      },
    ],
  },
  {
    region: "us-west-2",
    encoders: [
      {
        name: "720p30-landscape",
        width: 1280,
        height: 720,
        framerate: 30,
        bitrate: 2_500_000,
        tags: { ...demoTag, preset: "720p" },
      },
      {
        name: "1080p30-landscape",
        width: 1920,
        height: 1080,
        framerate: 30,
        bitrate: 6_000_000,
        tags: { ...demoTag, preset: "1080p" },
      },
    ],
    storages: [
      {
        name: "launch-recordings",
        bucketName: "control-room-demo-recordings-usw2",
        tags: { ...demoTag, retention: "90d" },
      },
    ],
    ingests: [],
    publicKeys: [],
    shows: [
      {
        stage: "product-launch",
        tags: { ...demoTag, team: "marketing", campaign: "launch-2026" },
        recording: {
          storage: "launch-recordings",
          mediaTypes: ["AUDIO_VIDEO"],
          recordingReconnectWindowSeconds: 60,
          thumbnails: true,
        },
        hosts: [
          onCamera("presenter-hana", "hana-ito", {
            role: "presenter",
            displayName: "Hana Ito",
            featured: "true",
            order: "1",
          }),
          onCamera("presenter-marcus", "marcus-bell", { role: "presenter", displayName: "Marcus Bell", order: "2" }),
        ],
        encoders: [],
        guests: {
          personas: [
            onCamera("demo-engineer-1", "demo-eng-wen", { role: "demo", displayName: "Wen Xu", order: "3" }),
            onCamera(
              "demo-engineer-2",
              "demo-eng-oskar",
              { role: "demo", displayName: "Oskar Eriksen", order: "3" },
              { flaky: true },
            ),
          ],
          target: [0, 1],
          stayMinutes: [10, 25],
        },
        viewers: { count: 40, target: [15, 32], stayMinutes: [5, 35], make: attendee },
        schedule: { script: [[-150, 60]], onAirMinutes: [90, 150], offAirMinutes: [20, 40] },
        tickSeconds: [3, 7],
        composition: {
          layout: {
            grid: { featuredParticipantAttribute: "featured", participantOrderAttribute: "order", gridGap: 2 },
          },
          channel: { channelId: "LaunchMainCh01", encoder: "1080p30-landscape" },
          tags: { ...demoTag, campaign: "launch-2026" },
        },
        incidents: {
          drop: 4,
          reconnectLoop: 1,
          bitrate: 1,
          cameraOff: 1,
          raiseHand: 1.5,
          crossover: 0.7,
          tokenExchange: 0.7,
        },
      },
      {
        stage: "partner-webinar",
        tags: { ...demoTag, team: "partnerships", series: "partner-office-hours" },
        hosts: [
          onCamera("host-elena", "elena-petrov", {
            role: "host",
            displayName: "Elena Petrov",
            featured: "true",
            order: "1",
          }),
        ],
        encoders: [],
        guests: {
          personas: [
            onCamera("partner-1", "partner-acme-ravi", {
              role: "partner",
              company: "Acme",
              displayName: "Ravi Shah",
              order: "2",
            }),
            onCamera("partner-2", "partner-globex-lina", {
              role: "partner",
              company: "Globex",
              displayName: "Lina Berg",
              order: "3",
            }),
            onCamera("partner-3", "partner-initech-joe", {
              role: "partner",
              company: "Initech",
              displayName: "Joe Novak",
              order: "4",
            }),
          ],
          target: [1, 2],
          stayMinutes: [20, 40],
        },
        viewers: { count: 25, target: [8, 18], stayMinutes: [8, 40], make: attendee },
        schedule: {
          script: [
            [-165, -122],
            [-58, -1],
          ],
          onAirMinutes: [40, 60],
          offAirMinutes: [40, 80],
        },
        tickSeconds: [3, 7],
        composition: {
          layout: { grid: { featuredParticipantAttribute: "featured", participantOrderAttribute: "order" } },
          channel: { channelId: "PartnerWebCh1", encoder: "720p30-landscape" },
          tags: { ...demoTag, series: "partner-office-hours" },
        },
        incidents: { drop: 3, bitrate: 1, cameraOff: 1, raiseHand: 1, kick: 1 },
      },
    ],
  },
];

/**
 * Incidents placed on purpose in the history, so every kind of error is on screen from the first minute
 * (the random ones come on top). Each lands in a session that is live at that time.
 */
export const scriptedIncidents: readonly ScriptedIncident[] = [
  { at: -170, region: "us-east-1", stage: "esports-finals", kind: "bitrate" },
  { at: -150, region: "us-east-1", stage: "morning-show", kind: "reconnectLoop" },
  { at: -140, region: "us-east-1", stage: "town-hall", kind: "bFrames" },
  { at: -130, region: "us-east-1", stage: "town-hall", kind: "raiseHand" },
  { at: -125, region: "us-west-2", stage: "partner-webinar", kind: "bitrate" },
  { at: -70, region: "us-east-1", stage: "esports-finals", kind: "thirteenth" },
  { at: -60, region: "us-east-1", stage: "town-hall", kind: "staleKey" },
  { at: -45, region: "us-east-1", stage: "esports-finals", kind: "bitrate" },
  { at: -40, region: "us-west-2", stage: "product-launch", kind: "reconnectLoop" },
  { at: -30, region: "us-west-2", stage: "partner-webinar", kind: "raiseHand" },
  { at: -25, region: "us-east-1", stage: "morning-show", kind: "reconnectLoop" },
  { at: -18, region: "us-east-1", stage: "esports-finals", kind: "thirteenth" },
  { at: -15, region: "us-east-1", stage: "town-hall", kind: "bFrames" },
  { at: -12, region: "us-east-1", stage: "esports-finals", kind: "raiseHand" },
  { at: -10, region: "us-east-1", stage: "morning-show", kind: "bitrate" },
  { at: -8, region: "us-east-1", stage: "town-hall", kind: "raiseHand" },
  { at: -6, region: "us-east-1", stage: "town-hall", kind: "staleKey" },
  { at: -4, region: "us-west-2", stage: "product-launch", kind: "bitrate" },
  { at: -2, region: "us-east-1", stage: "esports-finals", kind: "reconnectLoop" },
  // Every event name of the API, redundant ingest aside (it streams whenever town-hall is on air).
  { at: -135, region: "us-west-2", stage: "product-launch", kind: "tokenExchange" },
  { at: -100, region: "us-east-1", stage: "esports-finals", kind: "kick" },
  { at: -80, region: "us-east-1", stage: "town-hall", kind: "kick" },
  { at: -65, region: "us-east-1", stage: "morning-show", kind: "tokenExchange" },
  { at: -50, region: "us-east-1", stage: "esports-finals", kind: "crossover" },
  { at: -48, region: "us-west-2", stage: "product-launch", kind: "crossover" },
  { at: -35, region: "us-west-2", stage: "partner-webinar", kind: "kick" },
  { at: -20, region: "us-east-1", stage: "morning-show", kind: "tokenExchange" },
  { at: -14, region: "us-east-1", stage: "town-hall", kind: "kick" },
  { at: -9, region: "us-east-1", stage: "esports-finals", kind: "crossover" },
  { at: -5, region: "us-east-1", stage: "morning-show", kind: "tokenExchange" },
];
