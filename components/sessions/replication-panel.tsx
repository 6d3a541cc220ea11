"use client";

import { useCan } from "@/components/auth/role-provider";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { startReplicationAction, stopReplicationAction } from "@/app/actions/replication";
import { useIvsAction } from "@/components/hooks/use-action";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { SimpleTable } from "@/components/ui/simple-table";
import { errorInfoOf } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import { livePollMs, readQuery } from "@/lib/query-keys";

/** Participant replication: copy this participant into another stage, list and stop replicas. */
export function ReplicationPanel({
  context,
  stageArn,
  participantId,
  connected,
}: {
  context: ConsoleContext;
  stageArn: string;
  participantId: string;
  connected: boolean;
}) {
  const start = useIvsAction(context, startReplicationAction);
  const stop = useIvsAction(context, stopReplicationAction);
  const replicas = useQuery(
    readQuery(context, "ListParticipantReplicas", { sourceStageArn: stageArn, participantId }, livePollMs),
  );
  const stages = useQuery(readQuery(context, "ListStages", { maxResults: 100 }));
  const [destination, setDestination] = useState("");
  const [reconnectWindow, setReconnectWindow] = useState("0");
  const busy = start.busy || stop.busy;
  const error = start.error ?? stop.error;

  async function run(action: () => Promise<{ ok: boolean }>, done: string) {
    if ((await action()).ok) toast.success(done);
  }

  const canReplicate = useCan("StartParticipantReplication");
  const canStop = useCan("StopParticipantReplication");
  const others = (stages.data?.data.stages ?? []).filter((s) => s.arn !== stageArn);
  return (
    <section aria-labelledby="replication-heading" className="rounded border border-room-700 bg-room-900 p-4">
      <h2 id="replication-heading" className="mb-3 text-sm font-semibold">
        Replication
      </h2>
      {connected && canReplicate ? (
        <form
          className="mb-3 flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            void run(
              () =>
                start.run({
                  sourceStageArn: stageArn,
                  destinationStageArn: destination,
                  participantId,
                  reconnectWindowSeconds: Number(reconnectWindow),
                }),
              "Replication started",
            );
          }}
        >
          <Field label="Destination stage">
            {(props) => (
              <select
                {...props}
                className={`${inputClass} w-64`}
                value={destination}
                onChange={(e) => setDestination(e.target.value)}
              >
                <option value="">Choose a stage…</option>
                {others.map((s) => (
                  <option key={s.arn} value={s.arn}>
                    {s.name || arnId(s.arn)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Reconnect window (s, 0–300)">
            {(props) => (
              <TextInput
                {...props}
                className="w-28"
                inputMode="numeric"
                value={reconnectWindow}
                onChange={(e) => setReconnectWindow(e.target.value)}
              />
            )}
          </Field>
          <div className="mb-3">
            <Button type="submit" variant="primary" busy={busy} disabled={!destination}>
              Start replication
            </Button>
          </div>
        </form>
      ) : (
        <p className="mb-3 text-xs text-room-300">Only a connected participant can be replicated.</p>
      )}
      {error ? <ErrorPanel title="Replication request failed" error={error} /> : null}
      {replicas.error ? (
        <ErrorPanel title="Could not list replicas" error={errorInfoOf(replicas.error)} />
      ) : (
        <SimpleTable
          caption="Replicas of this participant"
          rows={replicas.data?.data.replicas ?? []}
          rowKey={(r) => `${r.destinationStageArn}-${r.destinationSessionId}`}
          empty="This participant is not replicated to any stage."
          columns={[
            {
              header: "Destination stage",
              cell: (r) => <code className="font-mono text-xs">{arnId(r.destinationStageArn)}</code>,
            },
            {
              header: "Destination session",
              cell: (r) => <code className="font-mono text-xs">{r.destinationSessionId}</code>,
            },
            { header: "State", cell: (r) => <span className="font-mono text-xs">{r.replicationState}</span> },
            {
              header: "Actions",
              cell: (r) =>
                r.replicationState === "ACTIVE" && canStop ? (
                  <Button
                    variant="ghost"
                    busy={busy}
                    onClick={() =>
                      run(
                        () =>
                          stop.run({
                            sourceStageArn: stageArn,
                            destinationStageArn: r.destinationStageArn,
                            participantId,
                          }),
                        "Replication stopped",
                      )
                    }
                  >
                    Stop replication
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </section>
  );
}
