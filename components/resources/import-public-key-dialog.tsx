"use client";

import { useQueryClient } from "@tanstack/react-query";
import { parseTagText } from "./tags";
import { useState } from "react";
import { toast } from "sonner";
import { importPublicKeyAction } from "@/app/actions/public-keys";
import { useIvsAction } from "@/components/hooks/use-action";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, TextInput, inputClass } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { ConsoleContext } from "@/lib/context";
import { operations, type InputOf, type OutputOf } from "@/lib/ivs/operations";
import { fieldErrors } from "@/lib/ivs/validation-message";
import { seedRead, type CreateDialogProps } from "./common";
import { TagsField } from "./tags-field";

type Imported = NonNullable<OutputOf<"ImportPublicKey">["publicKey"]>;

const pemMessage = "Paste a PEM public key: -----BEGIN PUBLIC KEY-----, base64 lines, -----END PUBLIC KEY-----.";

export function ImportPublicKeyDialog({
  context,
  atQuota,
  onCreated,
  ...dialog
}: {
  context: ConsoleContext;
  atQuota: boolean;
} & CreateDialogProps) {
  const queryClient = useQueryClient();
  const action = useIvsAction(context, importPublicKeyAction);
  const [name, setName] = useState("");
  const [pem, setPem] = useState("");
  const [tags, setTags] = useState("");
  const [imported, setImported] = useState<Imported | undefined>();

  const parsedTags = parseTagText(tags);
  const input: InputOf<"ImportPublicKey"> = {
    publicKeyMaterial: pem,
    ...(name ? { name } : {}),
    ...(parsedTags.ok && Object.keys(parsedTags.tags).length ? { tags: parsedTags.tags } : {}),
  };
  const check = operations.ImportPublicKey.input.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const messages = (key: string) => [...(errors[key] ?? []), ...(action.error?.fields?.[key] ?? [])];
  const pemErrors = pem.trim() === "" ? [] : messages("publicKeyMaterial").length ? [pemMessage] : [];
  const valid = check.success && parsedTags.ok;

  return (
    <FormDialog
      {...dialog}
      label="Import public key"
      wide
      description="The public half of an ECDSA P-384 key pair. Tokens you sign (ES384) with the private half let participants join your stages."
      canSubmit={valid}
      action={action}
      errorTitle="IVS refused to import the key"
      problems={{ errors, shown: ["name", "publicKeyMaterial", "tags"] }}
      onClosed={() => {
        setName("");
        setPem("");
        setTags("");
        setImported(undefined);
      }}
      onSubmit={async () => {
        if (!valid) return false;
        const result = await action.run(input);
        if (!result.ok) return false;
        const key = result.data.publicKey;
        if (key?.arn) {
          seedRead(queryClient, context, "GetPublicKey", { arn: key.arn }, { publicKey: key });
          onCreated?.(key.arn);
        }
        toast.success(`Public key ${key?.name || "(unnamed)"} imported`);
        setImported(key);
        return false; // stays open on what was imported (ARN and fingerprint)
      }}
      done={
        imported ? (
          <>
            <p className="mb-3 text-sm text-room-100">
              Imported <strong>{imported.name || "(unnamed)"}</strong>. Put its ARN in the{" "}
              <code className="font-mono">kid</code> header of the tokens you sign.
            </p>
            <dl className="mb-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
              <dt className="text-xs leading-5 text-room-300">ARN</dt>
              <dd className="flex items-start gap-2">
                <code className="min-w-0 break-all font-mono text-xs">{imported.arn}</code>
                {imported.arn ? (
                  <span className="shrink-0">
                    <CopyButton value={imported.arn} label="Copy public key ARN" />
                  </span>
                ) : null}
              </dd>
              <dt className="text-xs leading-5 text-room-300">Fingerprint</dt>
              <dd>
                <code data-testid="imported-fingerprint" className="break-all font-mono text-xs">
                  {imported.fingerprint || "—"}
                </code>
              </dd>
            </dl>
          </>
        ) : undefined
      }
    >
      {atQuota ? (
        <p role="note" className="mb-3 rounded border border-warn/40 bg-warn/10 px-3 py-2 text-xs text-warn">
          This region already has 3 public keys, the limit (not adjustable). Delete one first, or IVS will refuse.
        </p>
      ) : null}
      <Field label="Name" hint="Letters, digits, - and _; up to 128 characters." errors={messages("name")}>
        {(props) => (
          <TextInput {...props} value={name} onChange={(e) => setName(e.target.value)} placeholder="signing-key-2026" />
        )}
      </Field>
      <Field
        label="Public key (PEM)"
        hint={
          <>
            For example: <code className="font-mono">openssl ecparam -name secp384r1 -genkey -noout -out key.pem</code>{" "}
            then <code className="font-mono">openssl ec -in key.pem -pubout</code>. Never paste the private key.
          </>
        }
        errors={pemErrors}
      >
        {(props) => (
          <textarea
            {...props}
            className={`${inputClass} h-40 font-mono text-xs`}
            value={pem}
            onChange={(e) => setPem(e.target.value)}
            placeholder={"-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----"}
            spellCheck={false}
          />
        )}
      </Field>
      {/PRIVATE KEY-----/.test(pem) ? (
        <p role="alert" className="-mt-1 mb-3 text-xs text-live">
          This is a private key. Do not paste it anywhere: import only the public half.
        </p>
      ) : null}
      <TagsField
        value={tags}
        onChange={setTags}
        placeholder="team=auth"
        parseError={parsedTags.ok ? undefined : parsedTags.error}
        errors={messages("tags")}
      />
    </FormDialog>
  );
}
