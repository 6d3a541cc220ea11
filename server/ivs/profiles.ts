import "server-only";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { env } from "@/server/env";

/** Profile names from the shared AWS config and credentials files (names only; no secret is read out). */
export function listAwsProfiles(): string[] {
  const home = homedir();
  const vars = env();
  const configFile = vars.AWS_CONFIG_FILE ?? join(home, ".aws", "config");
  const credentialsFile = vars.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials");
  const names = new Set<string>();
  for (const [file, isConfig] of [
    [configFile, true],
    [credentialsFile, false],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(/* turbopackIgnore: true */ file, "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(/^\s*\[([^\]]+)\]\s*$/gm)) {
      const section = (match[1] ?? "").trim();
      const name = isConfig ? section.replace(/^profile\s+/, "") : section;
      if (isConfig && section !== "default" && !section.startsWith("profile ")) continue; // sso-session etc.
      if (/^[A-Za-z0-9_.@+-]{1,64}$/.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}
