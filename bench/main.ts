// `npm run bench`: every benchmark of the project, printed as ratios measured side by side in one run.
import { benchAlerts } from "./alerts";
import { benchClient } from "./client";
import { benchConsole } from "./console";
import { benchEmulator } from "./emulator";
import { benchFirstLoadJs } from "./first-load-js";
import { benchMetrics } from "./metrics";
import { benchObservation } from "./observation";
import { benchScale } from "./scale";
import { benchTimeline } from "./timeline";

const parts: Record<string, () => Promise<string[]>> = {
  client: benchClient,
  emulator: benchEmulator,
  console: benchConsole,
  "first-load-js": benchFirstLoadJs,
  timeline: benchTimeline,
  metrics: benchMetrics,
  observation: benchObservation,
  alerts: benchAlerts,
  scale: benchScale,
};
const only = process.argv.slice(2);

for (const [name, run] of Object.entries(parts)) {
  if (only.length && !only.includes(name)) continue;
  for (const line of await run()) console.log(line);
  console.log();
}
