"use client";

import { Can } from "@/components/auth/can";
import { lazy, Suspense, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, inputClass, TextInput, type FieldControlProps } from "@/components/ui/field";
import type { ListItem } from "@/lib/api/reads";
import type { Permission } from "@/lib/auth/roles";
import type { ConsoleContext } from "@/lib/context";
import { arnId } from "@/lib/format";
import type { ChannelForm, DestinationsForm, FieldErrors, S3Form } from "./forms";
import { noDestinationMessage } from "./checks";
import { destinationIndex } from "./request";

// The resources pages' create dialogs (and the shapes they validate with) load the first time one is opened.
const CreateEncoderDialog = lazy(() =>
  import("@/components/resources/create-encoder-dialog").then((m) => ({ default: m.CreateEncoderDialog })),
);
const CreateStorageDialog = lazy(() =>
  import("@/components/resources/create-storage-dialog").then((m) => ({ default: m.CreateStorageDialog })),
);

type Encoder = ListItem<"ListEncoderConfigurations">;
type Storage = ListItem<"ListStorageConfigurations">;

const label = (item: { arn: string; name?: string }) =>
  item.name ? `${item.name} (${arnId(item.arn)})` : arnId(item.arn);

/** A configuration select with a "New…" button beside it, for the roles that may create one. */
function ConfigPicker({
  fieldProps,
  value,
  onChange,
  blank,
  options,
  createNeeds,
  createLabel,
  onCreate,
}: {
  fieldProps: FieldControlProps;
  value: string;
  onChange: (value: string) => void;
  /** The empty choice's text. */
  blank: string;
  options: readonly { value: string; label: string }[];
  createNeeds: Permission;
  createLabel: string;
  onCreate: () => void;
}) {
  return (
    <div className="flex gap-2">
      <select {...fieldProps} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{blank}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Can perform={createNeeds}>
        <Button className="shrink-0" onClick={onCreate} aria-label={createLabel}>
          New…
        </Button>
      </Can>
    </div>
  );
}

function Toggle({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: string;
}) {
  const id = useId();
  return (
    <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium text-room-100">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}

/**
 * Where the composition goes: an IVS channel (optional encoder configuration) and/or S3 (storage configuration,
 * exactly one encoder configuration, HLS segments, thumbnails). At most one of each. Encoder and storage
 * configurations can be created inline.
 */
export function DestinationsPanel({
  context,
  form,
  onChange,
  errors,
  encoders,
  storages,
}: {
  context: ConsoleContext;
  form: DestinationsForm;
  onChange: (form: DestinationsForm) => void;
  errors: FieldErrors;
  encoders: readonly Encoder[];
  storages: readonly Storage[];
}) {
  const [creating, setCreating] = useState<"channel-encoder" | "s3-encoder" | "storage" | undefined>();
  /** The dialogs opened so far: they stay mounted (and keep their fields) once loaded. */
  const [opened, setOpened] = useState<{ encoder?: true; storage?: true }>({});
  const create = (which: "channel-encoder" | "s3-encoder" | "storage") => {
    setCreating(which);
    setOpened((previous) => ({ ...previous, [which === "storage" ? "storage" : "encoder"]: true }));
  };
  const setChannel = (patch: Partial<ChannelForm>) => onChange({ ...form, channel: { ...form.channel, ...patch } });
  const setS3 = (patch: Partial<S3Form>) => onChange({ ...form, s3: { ...form.s3, ...patch } });
  const channelAt = destinationIndex(form, "channel");
  const s3At = destinationIndex(form, "s3");
  const at = (index: number | undefined, path: string) =>
    index === undefined ? [] : [...(errors[`destinations.${index}.${path}`] ?? [])];
  const under = (index: number | undefined, path: string) =>
    index === undefined
      ? []
      : Object.entries(errors)
          .filter(([key]) => key.startsWith(`destinations.${index}.${path}`))
          .flatMap(([, list]) => list);
  const sortedEncoders = [...encoders].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
  const sortedStorages = [...storages].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <fieldset className="rounded border border-room-700 bg-room-850 p-3">
        <legend className="px-1 text-xs font-medium text-room-300">IVS channel</legend>
        <Toggle checked={form.channel.enabled} onChange={(enabled) => setChannel({ enabled })}>
          Send to an IVS channel
        </Toggle>
        {form.channel.enabled ? (
          <div className="mt-3">
            <Field
              label="Channel ARN"
              hint="A low-latency IVS channel in this account and region; it must be offline when the composition starts."
              errors={under(channelAt, "channel.channelArn")}
            >
              {(props) => (
                <TextInput
                  {...props}
                  value={form.channel.channelArn}
                  onChange={(e) => setChannel({ channelArn: e.target.value })}
                  placeholder={`arn:aws:ivs:${context.region}:123456789012:channel/AbCdEfGh1234`}
                  spellCheck={false}
                  className="font-mono text-xs"
                />
              )}
            </Field>
            <Field
              label="Channel encoder configuration"
              hint="Optional; IVS uses 1280×720, 30 fps, 2.5 Mbps without one."
              errors={at(channelAt, "channel.encoderConfigurationArn")}
            >
              {(props) => (
                <ConfigPicker
                  fieldProps={props}
                  value={form.channel.encoderArn}
                  onChange={(encoderArn) => setChannel({ encoderArn })}
                  blank="Default (1280×720, 30 fps, 2.5 Mbps)"
                  options={sortedEncoders.map((e) => ({ value: e.arn, label: label(e) }))}
                  createNeeds="CreateEncoderConfiguration"
                  createLabel="New encoder configuration for the channel"
                  onCreate={() => create("channel-encoder")}
                />
              )}
            </Field>
            <Field
              label="Channel destination name"
              hint="Optional label shown in the composition's destinations."
              errors={at(channelAt, "name")}
            >
              {(props) => (
                <TextInput
                  {...props}
                  value={form.channel.name}
                  onChange={(e) => setChannel({ name: e.target.value })}
                  placeholder="live"
                />
              )}
            </Field>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="rounded border border-room-700 bg-room-850 p-3">
        <legend className="px-1 text-xs font-medium text-room-300">S3 recording</legend>
        <Toggle checked={form.s3.enabled} onChange={(enabled) => setS3({ enabled })}>
          Record to S3
        </Toggle>
        {form.s3.enabled ? (
          <div className="mt-3">
            <Field label="Storage configuration" errors={at(s3At, "s3.storageConfigurationArn")}>
              {(props) => (
                <ConfigPicker
                  fieldProps={props}
                  value={form.s3.storageArn}
                  onChange={(storageArn) => setS3({ storageArn })}
                  blank="Choose…"
                  options={sortedStorages.map((s) => ({
                    value: s.arn,
                    label: `${label(s)} · ${s.s3?.bucketName ?? ""}`,
                  }))}
                  createNeeds="CreateStorageConfiguration"
                  createLabel="New storage configuration"
                  onCreate={() => create("storage")}
                />
              )}
            </Field>
            <Field
              label="Recording encoder configuration"
              hint="Exactly one; it sets the recording's size."
              errors={under(s3At, "s3.encoderConfigurationArns")}
            >
              {(props) => (
                <ConfigPicker
                  fieldProps={props}
                  value={form.s3.encoderArn}
                  onChange={(encoderArn) => setS3({ encoderArn })}
                  blank="Choose…"
                  options={sortedEncoders.map((e) => ({ value: e.arn, label: label(e) }))}
                  createNeeds="CreateEncoderConfiguration"
                  createLabel="New encoder configuration for the recording"
                  onCreate={() => create("s3-encoder")}
                />
              )}
            </Field>
            <div className="grid grid-cols-2 gap-x-3">
              <Field
                label="HLS segment duration (s)"
                hint="2–10; default 2."
                errors={under(s3At, "s3.recordingConfiguration")}
              >
                {(props) => (
                  <TextInput
                    {...props}
                    inputMode="numeric"
                    value={form.s3.segmentSeconds}
                    onChange={(e) => setS3({ segmentSeconds: e.target.value })}
                    placeholder="2"
                  />
                )}
              </Field>
              <Field label="Recording destination name" hint="Optional." errors={at(s3At, "name")}>
                {(props) => (
                  <TextInput
                    {...props}
                    value={form.s3.name}
                    onChange={(e) => setS3({ name: e.target.value })}
                    placeholder="archive"
                  />
                )}
              </Field>
            </div>
            <div className="rounded border border-room-700 p-2">
              <Toggle checked={form.s3.thumbnails} onChange={(thumbnails) => setS3({ thumbnails })}>
                Record thumbnails
              </Toggle>
              {form.s3.thumbnails ? (
                <div className="mt-2 grid grid-cols-2 gap-x-3">
                  <Field
                    label="Thumbnail interval (s)"
                    hint="1–86400; default 60."
                    errors={under(s3At, "s3.thumbnailConfigurations.0.targetIntervalSeconds")}
                  >
                    {(props) => (
                      <TextInput
                        {...props}
                        inputMode="numeric"
                        value={form.s3.thumbnailInterval}
                        onChange={(e) => setS3({ thumbnailInterval: e.target.value })}
                        placeholder="60"
                      />
                    )}
                  </Field>
                  <fieldset className="mb-3">
                    <legend className="mb-1 text-xs font-medium text-room-300">Thumbnail storage</legend>
                    <label className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        checked={form.s3.sequential}
                        onChange={(e) => setS3({ sequential: e.target.checked })}
                      />
                      Sequential (every thumbnail)
                    </label>
                    <label className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        checked={form.s3.latest}
                        onChange={(e) => setS3({ latest: e.target.checked })}
                      />
                      Latest (one file, overwritten)
                    </label>
                    {under(s3At, "s3.thumbnailConfigurations.0.storage").length ? (
                      <p role="alert" className="mt-1 text-xs text-live">
                        {under(s3At, "s3.thumbnailConfigurations.0.storage").join(" ")}
                      </p>
                    ) : null}
                  </fieldset>
                </div>
              ) : (
                <p className="mt-1 text-xs text-room-300">No thumbnails (sent as an empty thumbnail list).</p>
              )}
            </div>
          </div>
        ) : null}
      </fieldset>
      {errors.destinations?.length ? (
        // Nothing chosen yet is a to-do (plain text), not a mistake (red, announced).
        errors.destinations.length === 1 && errors.destinations[0] === noDestinationMessage ? (
          <p className="text-xs text-room-300 lg:col-span-2">{noDestinationMessage}</p>
        ) : (
          <p role="alert" className="text-xs text-live lg:col-span-2">
            {errors.destinations.join(" ")}
          </p>
        )
      ) : null}

      {opened.encoder ? (
        <Suspense fallback={null}>
          <CreateEncoderDialog
            context={context}
            open={creating === "channel-encoder" || creating === "s3-encoder"}
            onOpenChange={(open) => (open ? null : setCreating(undefined))}
            onCreated={(arn) =>
              creating === "channel-encoder" ? setChannel({ encoderArn: arn }) : setS3({ encoderArn: arn })
            }
          />
        </Suspense>
      ) : null}
      {opened.storage ? (
        <Suspense fallback={null}>
          <CreateStorageDialog
            context={context}
            open={creating === "storage"}
            onOpenChange={(open) => (open ? null : setCreating(undefined))}
            onCreated={(arn) => setS3({ storageArn: arn })}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
