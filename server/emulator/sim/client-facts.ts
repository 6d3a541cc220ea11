import type { ClientFacts } from "../world/live/participants";
import type { Random } from "../world/random";

/**
 * Realistic client facts for simulated participants, drawn from the seeded PRNG. Every value matches the
 * model's output pattern `[a-zA-Z0-9-_.,:;\s]*` (so no "AT&T", no parentheses, no slashes).
 */

interface Profile {
  readonly weight: number;
  readonly browserName: string;
  readonly browserVersions: readonly string[];
  readonly osName: string;
  readonly osVersions: readonly string[];
  readonly sdkVersions: readonly string[];
}

const webSdk = ["1.17.0", "1.18.0", "1.19.0", "1.20.0", "1.21.0"];
const chromium = ["128", "129", "130", "131", "132"];

const profiles: readonly Profile[] = [
  {
    weight: 30,
    browserName: "Google Chrome",
    browserVersions: chromium,
    osName: "Microsoft Windows 10 Pro",
    osVersions: ["10.0.19045"],
    sdkVersions: webSdk,
  },
  {
    weight: 14,
    browserName: "Google Chrome",
    browserVersions: chromium,
    osName: "Microsoft Windows 11 Pro",
    osVersions: ["10.0.22631", "10.0.26100"],
    sdkVersions: webSdk,
  },
  {
    weight: 14,
    browserName: "Google Chrome",
    browserVersions: chromium,
    osName: "Mac OS",
    osVersions: ["10.15.7"],
    sdkVersions: webSdk,
  },
  {
    weight: 10,
    browserName: "Safari",
    browserVersions: ["17.6", "18.1", "18.2"],
    osName: "Mac OS",
    osVersions: ["14.6.1", "15.1", "15.2"],
    sdkVersions: webSdk,
  },
  {
    weight: 8,
    browserName: "Microsoft Edge",
    browserVersions: chromium,
    osName: "Microsoft Windows 11 Home",
    osVersions: ["10.0.22631"],
    sdkVersions: webSdk,
  },
  {
    weight: 6,
    browserName: "Mozilla Firefox",
    browserVersions: ["132.0", "133.0", "134.0"],
    osName: "Ubuntu",
    osVersions: ["22.04", "24.04"],
    sdkVersions: webSdk,
  },
  {
    weight: 8,
    browserName: "Mobile Safari",
    browserVersions: ["17.6", "18.1"],
    osName: "iOS",
    osVersions: ["17.6.1", "18.1.1", "18.2"],
    sdkVersions: webSdk,
  },
  {
    weight: 6,
    browserName: "Chrome Mobile",
    browserVersions: chromium,
    osName: "Android",
    osVersions: ["13", "14", "15"],
    sdkVersions: webSdk,
  },
  {
    weight: 2,
    browserName: "",
    browserVersions: [""],
    osName: "iOS",
    osVersions: ["17.6.1", "18.2"],
    sdkVersions: ["1.22.0", "1.23.0"],
  },
  {
    weight: 2,
    browserName: "",
    browserVersions: [""],
    osName: "Android",
    osVersions: ["14", "15"],
    sdkVersions: ["1.22.0", "1.23.0"],
  },
];

const isps = [
  "Comcast Cable",
  "Charter Communications",
  "Verizon Fios",
  "ATT Internet Services",
  "Cox Communications",
  "T-Mobile USA",
  "Deutsche Telekom AG",
  "Vodafone GmbH",
  "Orange S.A.",
  "British Telecommunications PLC",
  "Virgin Media",
  "Rogers Communications",
  "Bell Canada",
  "NTT Communications",
  "KDDI Corporation",
  "Reliance Jio Infocomm",
  "Bharti Airtel",
  "Telstra Corporation",
  "Amazon.com, Inc.",
];

function pick<T>(random: Random, items: readonly T[], fallback: T): T {
  return items[random.int(items.length)] ?? fallback;
}

function weightedProfile(random: Random): Profile {
  const total = profiles.reduce((sum, profile) => sum + profile.weight, 0);
  let ticket = random.int(total);
  for (const profile of profiles) {
    ticket -= profile.weight;
    if (ticket < 0) return profile;
  }
  return profiles[0] as Profile;
}

/** A browser or mobile-SDK participant (WHIP). */
export function randomClientFacts(random: Random): ClientFacts {
  const profile = weightedProfile(random);
  return {
    browserName: profile.browserName,
    browserVersion: pick(random, profile.browserVersions, ""),
    osName: profile.osName,
    osVersion: pick(random, profile.osVersions, ""),
    sdkVersion: pick(random, profile.sdkVersions, ""),
    ispName: pick(random, isps, ""),
  };
}

/** An RTMP(S) encoder: the service knows only its network. */
export function randomIngestFacts(random: Random): ClientFacts {
  return {
    browserName: "",
    browserVersion: "",
    osName: "",
    osVersion: "",
    sdkVersion: "",
    ispName: pick(random, isps, ""),
  };
}

/** The model's pattern for client facts. */
export const clientFactPattern = /^[a-zA-Z0-9-_.,:;\s]*$/;
