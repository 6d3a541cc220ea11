"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { createEncoderConfigurationAction, createStorageConfigurationAction } from "@/app/actions/configurations";
import { seedRead } from "@/components/resources/common";
import { encoderPresets, fieldsOf, videoFromFields, type VideoFields } from "@/components/resources/presets";
import { bucketNameProblems, bucketNameRules } from "@/components/resources/s3-bucket";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, FieldErrors, inputClass, TextInput } from "@/components/ui/field";
import type { ConsoleContext } from "@/lib/context";
import { CreateEncoderConfigurationInput, CreateStorageConfigurationInput, type InputOf } from "@/lib/ivs/operations";
import { fieldErrors } from "@/lib/ivs/validation-message";
import { ivsKeys } from "@/lib/query-keys";
import type { ErrorInfo } from "@/lib/result";

const networkError: ErrorInfo = {
  code: "NetworkError",
  message: "The console's server could not be reached.",
  retryable: true,
};
const firstPreset = encoderPresets[0];

/** A small CreateEncoderConfiguration form: name, a preset or custom video. Reports the new ARN. */
export function CreateEncoderDialog({
  context,
  open,
  onOpenChange,
  onCreated,
}: {
  context: ConsoleContext;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (arn: string) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [preset, setPreset] = useState(firstPreset?.id ?? "custom");
  const [fields, setFields] = useState<VideoFields>(
    fieldsOf(firstPreset?.video ?? { width: 1280, height: 720, framerate: 30, bitrate: 2_500_000 }),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const input: InputOf<"CreateEncoderConfiguration"> = { ...(name ? { name } : {}), video: videoFromFields(fields) };
  const check = CreateEncoderConfigurationInput.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const messages = (key: string) => [...(errors[key] ?? []), ...(error?.fields?.[key] ?? [])];

  function close() {
    setName("");
    setError(undefined);
    onOpenChange(false);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!check.success) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await createEncoderConfigurationAction(context, input);
      if (!result.ok) return setError(result.error);
      const created = result.data.encoderConfiguration;
      if (created) {
        seedRead(
          queryClient,
          context,
          "GetEncoderConfiguration",
          { arn: created.arn },
          { encoderConfiguration: created },
        );
        onCreated(created.arn);
      }
      toast.success(`Encoder configuration ${created?.name || "(unnamed)"} created`);
      await queryClient.invalidateQueries({ queryKey: ivsKeys.operation(context, "ListEncoderConfigurations") });
      close();
    } catch {
      setError(networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title="New encoder configuration"
      description="How the composition encodes its output: the preview uses its size."
    >
      <form onSubmit={submit} noValidate>
        <Field label="Name" hint="Letters, digits, - and _." errors={messages("name")}>
          {(props) => (
            <TextInput {...props} value={name} onChange={(e) => setName(e.target.value)} placeholder="program-720p" />
          )}
        </Field>
        <Field label="Video preset">
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={preset}
              onChange={(e) => {
                setPreset(e.target.value);
                const chosen = encoderPresets.find((p) => p.id === e.target.value);
                if (chosen) setFields(fieldsOf(chosen.video));
              }}
            >
              {encoderPresets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
              <option value="custom">Custom</option>
            </select>
          )}
        </Field>
        <div className="grid grid-cols-2 gap-x-3">
          {(
            [
              ["width", "Width (px)"],
              ["height", "Height (px)"],
              ["framerate", "Frame rate (fps)"],
              ["bitrate", "Bitrate (bps)"],
            ] as const
          ).map(([key, label]) => (
            <Field key={key} label={label} errors={messages(`video.${key}`)}>
              {(props) => (
                <TextInput
                  {...props}
                  inputMode="numeric"
                  value={fields[key]}
                  onChange={(e) => {
                    setFields({ ...fields, [key]: e.target.value });
                    setPreset("custom");
                  }}
                />
              )}
            </Field>
          ))}
        </div>
        {messages("video").length ? <FieldErrors errors={messages("video")} /> : null}
        {error && !error.fields ? (
          <ErrorPanel title="IVS refused to create the encoder configuration" error={error} />
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!check.success}>
            Create encoder configuration
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** A small CreateStorageConfiguration form: name and S3 bucket. Reports the new ARN. */
export function CreateStorageDialog({
  context,
  open,
  onOpenChange,
  onCreated,
}: {
  context: ConsoleContext;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (arn: string) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [bucket, setBucket] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const input: InputOf<"CreateStorageConfiguration"> = { ...(name ? { name } : {}), s3: { bucketName: bucket } };
  const check = CreateStorageConfigurationInput.safeParse(input);
  const errors = check.success ? {} : fieldErrors(check.error);
  const problems = bucketNameProblems(bucket);
  const valid = check.success && problems.length === 0;
  const bucketMessages =
    touched || bucket
      ? [...(errors["s3.bucketName"] ?? []), ...problems, ...(error?.fields?.["s3.bucketName"] ?? [])]
      : [];

  function close() {
    setName("");
    setBucket("");
    setTouched(false);
    setError(undefined);
    onOpenChange(false);
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await createStorageConfigurationAction(context, input);
      if (!result.ok) return setError(result.error);
      const created = result.data.storageConfiguration;
      if (created) onCreated(created.arn);
      toast.success(`Storage configuration ${created?.name || "(unnamed)"} created`);
      await queryClient.invalidateQueries({ queryKey: ivsKeys.operation(context, "ListStorageConfigurations") });
      close();
    } catch {
      setError(networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title="New storage configuration"
      description="The S3 bucket the composition records to."
    >
      <form onSubmit={submit} noValidate>
        <Field
          label="Name"
          hint="Letters, digits, - and _."
          errors={[...(errors.name ?? []), ...(error?.fields?.name ?? [])]}
        >
          {(props) => (
            <TextInput {...props} value={name} onChange={(e) => setName(e.target.value)} placeholder="show-archive" />
          )}
        </Field>
        <Field label="S3 bucket name" hint={bucketNameRules} errors={bucketMessages}>
          {(props) => (
            <TextInput
              {...props}
              value={bucket}
              onChange={(e) => setBucket(e.target.value)}
              onBlur={() => setTouched(true)}
              placeholder="my-ivs-recordings"
              spellCheck={false}
              autoComplete="off"
            />
          )}
        </Field>
        {error && !error.fields ? (
          <ErrorPanel title="IVS refused to create the storage configuration" error={error} />
        ) : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!valid}>
            Create storage configuration
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
