"use client";

import { useIvsAction } from "@/components/hooks/use-action";
import { useInputCheck } from "@/components/hooks/use-input-check";
import { useState } from "react";
import { toast } from "sonner";
import { createParticipantTokenAction } from "@/app/actions/stages";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, TextInput } from "@/components/ui/field";
import type { ConsoleContext } from "@/lib/context";
import { parseTags } from "@/lib/format";
import type { InputOf, OutputOf } from "@/lib/ivs/operations";
import { decodeJwtPayload } from "@/lib/jwt";

type Minted = NonNullable<OutputOf<"CreateParticipantToken">["participantToken"]>;

/** Mint a participant token: shown once, with copy, expiry and its decoded claims. */
export function TokenMinter({ context, stageArn }: { context: ConsoleContext; stageArn: string }) {
  const [userId, setUserId] = useState("");
  const [attributes, setAttributes] = useState("");
  const [publish, setPublish] = useState(true);
  const [subscribe, setSubscribe] = useState(true);
  const [duration, setDuration] = useState("720");
  const action = useIvsAction(context, createParticipantTokenAction);
  const { busy, error } = action;
  const [minted, setMinted] = useState<Minted | undefined>();

  const parsedAttributes = parseTags(attributes);
  const input: InputOf<"CreateParticipantToken"> = {
    stageArn,
    ...(userId ? { userId } : {}),
    ...(parsedAttributes.ok && Object.keys(parsedAttributes.tags).length ? { attributes: parsedAttributes.tags } : {}),
    capabilities: [...(publish ? (["PUBLISH"] as const) : []), ...(subscribe ? (["SUBSCRIBE"] as const) : [])],
    duration: duration.trim() === "" ? Number.NaN : Number(duration),
  };
  const check = useInputCheck("CreateParticipantToken", input);
  const errors = check.errors;

  async function mint(event: React.FormEvent) {
    event.preventDefault();
    if (!check.ok || !parsedAttributes.ok) return;
    const result = await action.run(input);
    if (result.ok && result.data.participantToken) {
      setMinted(result.data.participantToken);
      toast.success("Participant token created");
    }
  }

  const claims = minted?.token ? decodeJwtPayload(minted.token) : undefined;
  return (
    <section aria-labelledby="tokens-heading" className="rounded border border-room-700 bg-room-900 p-4">
      <h2 id="tokens-heading" className="mb-3 text-sm font-semibold text-room-100">
        Participant tokens
      </h2>
      <form onSubmit={mint} noValidate className="grid grid-cols-2 gap-x-3">
        <Field
          label="User id"
          hint="Up to 128 characters; visible to other participants. No personal data."
          errors={errors.userId}
        >
          {(props) => (
            <TextInput {...props} value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="guest-42" />
          )}
        </Field>
        <Field label="Duration (minutes)" hint="1–20160 (14 days); default 720" errors={errors.duration}>
          {(props) => (
            <TextInput {...props} inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} />
          )}
        </Field>
        <Field
          label="Attributes"
          hint="key=value pairs, at most 1 KB in total (e.g. featured=true)"
          errors={[...(parsedAttributes.ok ? [] : [parsedAttributes.error]), ...(errors.attributes ?? [])]}
        >
          {(props) => (
            <TextInput
              {...props}
              value={attributes}
              onChange={(e) => setAttributes(e.target.value)}
              placeholder="featured=true, order=1"
            />
          )}
        </Field>
        <fieldset className="mb-3">
          <legend className="mb-1 text-xs font-medium text-room-300">Capabilities</legend>
          <label className="mr-4 inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} /> Publish
          </label>
          <label className="inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={subscribe} onChange={(e) => setSubscribe(e.target.checked)} /> Subscribe
          </label>
        </fieldset>
        <div className="col-span-2 flex justify-end">
          <Button type="submit" variant="primary" busy={busy} disabled={!check.ok || !parsedAttributes.ok}>
            Create token
          </Button>
        </div>
      </form>
      {error ? <ErrorPanel title="IVS refused to create the token" error={error} /> : null}
      {minted ? (
        <div className="mt-3 rounded border border-ok/40 bg-ok/5 p-3 text-xs" aria-live="polite">
          <div className="flex items-center justify-between gap-2">
            <p className="text-room-100">
              Token for participant <code className="font-mono">{minted.participantId}</code>, shown once. Expires{" "}
              <time className="font-mono">{minted.expirationTime ?? "—"}</time>.
            </p>
            <div className="flex gap-2">
              {minted.token ? <CopyButton value={minted.token} label="Copy participant token" /> : null}
              <Button variant="ghost" onClick={() => setMinted(undefined)}>
                Hide
              </Button>
            </div>
          </div>
          {claims ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-room-300">Decoded claims</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-room-950 p-2 font-mono text-room-100">
                {JSON.stringify(claims, null, 2)}
              </pre>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
