"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Can } from "@/components/auth/can";
import { revealStreamKeyAction, updateIngestConfigurationAction } from "@/app/actions/configurations";
import { StateBadge } from "@/components/badges/live-badge";
import { useIvsAction } from "@/components/hooks/use-action";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, inputClass } from "@/components/ui/field";
import { errorInfoOf } from "@/lib/api/reads";
import type { ConsoleContext } from "@/lib/context";
import { formatTags } from "@/lib/format";
import { operations, type OutputOf } from "@/lib/ivs/operations";
import { livePollMs, readQuery, slowPollMs } from "@/lib/query-keys";
import { networkError, type ErrorInfo } from "@/lib/result";
import { link, routes } from "@/lib/routes";
import { ArnValue, DetailList, labelOf } from "./common";
import type { StageOption } from "./create-ingest-dialog";
import { TagsEditor } from "./tags-editor";

type Ingest = NonNullable<OutputOf<"GetIngestConfiguration">["ingestConfiguration"]>;

/**
 * The stream key, masked as every read delivers it. "Reveal" asks the server for the real key (one explicit
 * action per reveal); it lives only in this component's state and is gone when the dialog closes.
 */
function StreamKey({ context, arn, masked }: { context: ConsoleContext; arn: string; masked: string }) {
  const labelId = useId();
  const [revealed, setRevealed] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();

  async function reveal() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await revealStreamKeyAction(context, { arn });
      if (result.ok) setRevealed(result.data.streamKey);
      else setError(result.error);
    } catch {
      setError(networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="rounded border border-room-700 bg-room-950 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id={labelId} className="text-xs font-medium text-room-300">
          Stream key {revealed ? "(revealed: treat it like a password)" : "(masked)"}
        </p>
        <div className="flex items-center gap-2">
          {revealed ? (
            <>
              <CopyButton value={revealed} label="Copy stream key" />
              <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setRevealed(undefined)}>
                Hide stream key
              </Button>
            </>
          ) : (
            <Can perform="RevealStreamKey">
              <Button className="px-2 py-1 text-xs" busy={busy} onClick={reveal}>
                Reveal stream key
              </Button>
            </Can>
          )}
        </div>
      </div>
      <code
        aria-labelledby={labelId}
        data-testid="stream-key"
        className="mt-1 block break-all font-mono text-sm text-room-100"
      >
        {revealed ?? masked}
      </code>
      {error ? (
        <div className="mt-2">
          <ErrorPanel title="Could not reveal the stream key" error={error} />
        </div>
      ) : null}
    </div>
  );
}

/** Attach to a stage, move to another, or detach (UpdateIngestConfiguration; IVS refuses while ACTIVE). */
function StageAttachment({
  context,
  config,
  stages,
}: {
  context: ConsoleContext;
  config: Ingest;
  stages: readonly StageOption[];
}) {
  const updateAction = useIvsAction(context, updateIngestConfigurationAction);
  const [target, setTarget] = useState("");
  const [busy, setBusy] = useState<"attach" | "detach" | undefined>();
  const error = updateAction.error;
  const others = stages.filter((stage) => stage.arn !== config.stageArn);
  const current = stages.find((stage) => stage.arn === config.stageArn);

  async function update(stageArn: string, kind: "attach" | "detach") {
    const input = { arn: config.arn, stageArn };
    if (!operations.UpdateIngestConfiguration.input.safeParse(input).success) return;
    setBusy(kind);
    const result = await updateAction.run(input);
    setBusy(undefined);
    if (!result.ok) return;
    toast.success(
      stageArn
        ? `Attached to stage ${labelOf(stages.find((s) => s.arn === stageArn) ?? { arn: stageArn })}`
        : "Detached from its stage",
    );
    setTarget("");
  }

  return (
    <section aria-label="Stage attachment" className="rounded border border-room-700 p-3">
      <h3 className="mb-2 text-sm font-semibold text-room-100">Stage</h3>
      <p className="mb-2 text-sm text-room-100">
        {config.stageArn ? (
          <>
            Attached to{" "}
            <Link href={link(context, routes.stage(config.stageArn))} className="text-accent hover:underline">
              {current ? labelOf(current) : config.stageArn}
            </Link>
            .
          </>
        ) : (
          "Not attached: the stream key cannot be used until the configuration is attached to a stage."
        )}
      </p>
      {config.state === "ACTIVE" ? (
        <p className="mb-2 text-xs text-warn">
          An encoder is publishing right now: IVS refuses changes until the stream stops.
        </p>
      ) : null}
      <Can perform="UpdateIngestConfiguration">
        <form
          noValidate
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (target) void update(target, "attach");
          }}
        >
          <div className="min-w-56 flex-1 [&>div]:mb-0">
            <Field label={config.stageArn ? "Move to stage" : "Attach to stage"}>
              {(props) => (
                <select {...props} className={inputClass} value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="">Choose a stage…</option>
                  {others.map((stage) => (
                    <option key={stage.arn} value={stage.arn}>
                      {labelOf(stage)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Button type="submit" variant="primary" busy={busy === "attach"} disabled={!target || Boolean(busy)}>
            {config.stageArn ? "Move" : "Attach"}
          </Button>
          {config.stageArn ? (
            <Button busy={busy === "detach"} disabled={Boolean(busy)} onClick={() => void update("", "detach")}>
              Detach from stage
            </Button>
          ) : null}
        </form>
      </Can>
      {others.length === 0 && !config.stageArn ? (
        <p className="mt-2 text-xs text-room-300">No stages in this region yet: create one on the Stages page.</p>
      ) : null}
      {error ? (
        <div className="mt-2">
          <ErrorPanel title="IVS refused the change" error={error} />
        </div>
      ) : null}
    </section>
  );
}

function PublishUrl({ context, config }: { context: ConsoleContext; config: Ingest }) {
  const stage = useQuery({
    ...readQuery(context, "GetStage", { arn: config.stageArn || "arn:aws:ivs:us-east-1:0:stage/none" }, slowPollMs),
    enabled: Boolean(config.stageArn),
  });
  if (!config.stageArn) return <span className="text-xs text-room-300">attach a stage first</span>;
  const endpoints = stage.data?.data.stage?.endpoints;
  const url = config.ingestProtocol === "RTMP" ? endpoints?.rtmp : endpoints?.rtmps;
  if (!url) return <span className="text-xs text-room-300">{stage.isLoading ? "loading…" : "—"}</span>;
  return (
    <span className="flex items-start gap-2">
      <code className="min-w-0 break-all font-mono text-xs">{url}</code>
      <span className="shrink-0">
        <CopyButton value={url} label="Copy server URL" />
      </span>
    </span>
  );
}

export function IngestDetailDialog({
  context,
  arn,
  stages,
  onClose,
}: {
  context: ConsoleContext;
  arn: string;
  stages: readonly StageOption[];
  onClose: () => void;
}) {
  // Polled while open: the state flips to ACTIVE when an encoder goes live. The read route masks the key.
  const query = useQuery(readQuery(context, "GetIngestConfiguration", { arn }, livePollMs));
  const config = query.data?.data.ingestConfiguration;
  const title = `Ingest configuration ${config ? labelOf(config) : ""}`.trim();

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())} title={title} wide>
      {!config ? (
        query.error ? (
          <ErrorPanel title="Could not load the ingest configuration" error={errorInfoOf(query.error)} />
        ) : (
          <p role="status" className="text-sm text-room-300">
            Loading…
          </p>
        )
      ) : (
        <div className="space-y-4">
          <DetailList
            items={[
              ["State", <StateBadge key="state" state={config.state} />],
              ["ARN", <ArnValue key="arn" arn={config.arn} label="ingest configuration" />],
              ["Protocol", config.ingestProtocol],
              [
                "Participant id",
                <code key="pid" className="font-mono text-xs">
                  {config.participantId}
                </code>,
              ],
              [
                "User id",
                config.userId || (
                  <span key="uid" className="text-room-300">
                    —
                  </span>
                ),
              ],
              [
                "Attributes",
                formatTags(config.attributes) || (
                  <span key="attr" className="text-room-300">
                    —
                  </span>
                ),
              ],
              ["Redundant ingest", config.redundantIngest ? "on" : "off"],
              ["Server URL", <PublishUrl key="url" context={context} config={config} />],
            ]}
          />
          <StreamKey context={context} arn={config.arn} masked={config.streamKey} />
          {config.redundantIngestCredentials?.length ? (
            <div className="text-xs text-room-300">
              <p className="mb-1 font-medium">Redundant ingest credentials (masked)</p>
              <ul className="space-y-1">
                {config.redundantIngestCredentials.map((credential, index) => (
                  <li key={credential.participantId ?? index} className="font-mono">
                    {credential.participantId}: {credential.streamKey}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <StageAttachment context={context} config={config} stages={stages} />
          <TagsEditor context={context} resourceArn={config.arn} resourceLabel={labelOf(config)} />
          <div className="flex justify-end">
            <Button onClick={onClose}>Close</Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
