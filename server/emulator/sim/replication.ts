import { stopReplication } from "../world/live/replication";
import type { ReplicaRecord, RegionStore, WorldLifecycle } from "../world/store";
import { nameIn, type SimContext } from "./context";

/**
 * Replication reconnect windows: when the source of a replication with `reconnectWindowSeconds` > 0 drops or
 * leaves (without being disconnected by the service), the replication stays ACTIVE for the window while both
 * the source and its copy are gone; if the source rejoins in time both reappear (live.ts), otherwise the
 * replication stops when the window ends.
 */

const timerName = (store: RegionStore, replica: ReplicaRecord) => nameIn(store, "replication", String(replica.seq));

export function replicationHooks(ctx: SimContext): Pick<WorldLifecycle, "holdReplication"> {
  return {
    holdReplication(store, replica) {
      const deadline = replica.suspendedUntilMs;
      if (deadline === undefined) return false;
      ctx.timers.set(timerName(store, replica), deadline, () => {
        if (replica.replicationState === "ACTIVE" && replica.suspendedUntilMs === deadline)
          stopReplication(store, replica);
      });
      return true;
    },
  };
}
