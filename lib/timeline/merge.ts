import type { Event } from "@/lib/ivs/structures";
import { eventKey } from "./model";

/**
 * Live polling without reloading every page: IVS lists a participant's events newest first, so new events
 * appear at the head of page 1. `alignHead` finds where the freshly fetched head meets the list already
 * known and returns the merged list, or `undefined` when the head does not reach known events yet (fetch
 * the next page and try again). Pure.
 */
export function alignHead(known: readonly Event[], head: readonly Event[], complete: boolean): Event[] | undefined {
  if (!known.length) return [...head];
  const knownKeys = known.map(eventKey);
  const headKeys = head.map(eventKey);
  for (let offset = 0; offset < headKeys.length; offset++) {
    const overlap = Math.min(headKeys.length - offset, knownKeys.length);
    let same = true;
    for (let j = 0; j < overlap; j++) {
      if (headKeys[offset + j] !== knownKeys[j]) {
        same = false;
        break;
      }
    }
    if (same) return [...head.slice(0, offset), ...known];
  }
  // No alignment: when the head is the whole list, it replaces what we knew (history changed under us).
  return complete ? [...head] : undefined;
}
