"use client";

import { Can } from "@/components/auth/can";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { deletePresetAction, savePresetAction } from "@/app/actions/designer";
import { usePresetAction } from "@/components/hooks/use-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, TextInput } from "@/components/ui/field";
import type { LayoutPreset } from "@/lib/layout/presets";
import { presetKeys } from "@/lib/query-keys";
import type { LayoutInput } from "./forms";
import type { ShapeChecks } from "./shape-checks";

async function fetchPresets(): Promise<LayoutPreset[]> {
  const response = await fetch("/api/presets", { headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => undefined)) as { presets?: LayoutPreset[] } | undefined;
  if (!response.ok || !body?.presets) throw new Error(`The presets could not be read (HTTP ${response.status}).`);
  return body.presets;
}

function summary(preset: LayoutPreset): string {
  if (preset.layout.pip) {
    const pip = preset.layout.pip;
    return `PiP${pip.pipPosition ? ` · ${pip.pipPosition.toLowerCase().replace("_", " ")}` : ""}${pip.pipParticipantAttribute ? ` · ${pip.pipParticipantAttribute}=true` : ""}`;
  }
  const grid = preset.layout.grid ?? {};
  return `Grid${grid.videoAspectRatio ? ` · ${grid.videoAspectRatio}` : ""}${grid.featuredParticipantAttribute ? ` · featured by ${grid.featuredParticipantAttribute}` : ""}`;
}

/** The team's layout presets (server-side SQLite): list, load into the designer, save the current layout, delete. */
export function PresetsPanel({
  initial,
  layout,
  layoutValid,
  checkName,
  onLoad,
}: {
  initial: LayoutPreset[];
  layout: LayoutInput;
  /** Undefined while the shared shapes load: saving waits for them. */
  layoutValid: boolean | undefined;
  /** The preset name check of the shared shapes; undefined while they load. */
  checkName: ShapeChecks["presetName"] | undefined;
  onLoad: (preset: LayoutPreset) => void;
}) {
  const presets = useQuery({
    queryKey: presetKeys.all,
    queryFn: fetchPresets,
    initialData: initial,
    refetchInterval: 30_000,
  });
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const saving = usePresetAction(savePresetAction);
  const removing = usePresetAction(deletePresetAction);
  const { busy, error } = saving;
  const [conflict, setConflict] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const check = checkName?.(name);
  const nameErrors = touched && check && !check.ok ? check.errors : [];

  async function save(replace: boolean) {
    setTouched(true);
    if (!check?.ok || !layoutValid) return;
    const result = await saving.run({ name, layout, ...(replace ? { replace: true } : {}) });
    if (!result.ok) {
      setConflict(result.error.code === "ConflictException" ? check.name : undefined);
      return;
    }
    setConflict(undefined);
    setName("");
    setTouched(false);
    toast.success(`Preset "${result.data.preset.name}" ${result.data.replaced ? "replaced" : "saved"}`);
  }

  const list = presets.data ?? [];
  return (
    <div>
      <Can perform="StartComposition">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save(false);
          }}
        >
          <Field
            label="Preset name"
            hint="Saves the current layout for the whole team. Unique, ignoring case."
            errors={[...nameErrors, ...(error?.fields?.name ?? [])]}
          >
            {(props) => (
              <div className="flex gap-2">
                <TextInput
                  {...props}
                  value={name}
                  onChange={(e) => {
                    setName(e.target.value);
                    setConflict(undefined);
                    saving.reset();
                  }}
                  onBlur={() => setTouched(Boolean(name))}
                  placeholder="Interview, guest bottom right"
                />
                <Button
                  type="submit"
                  variant="primary"
                  busy={busy}
                  disabled={!layoutValid}
                  className="shrink-0 whitespace-nowrap"
                >
                  Save preset
                </Button>
              </div>
            )}
          </Field>
        </form>
      </Can>
      {layoutValid === false ? (
        <p className="-mt-2 mb-2 text-xs text-room-300">Fix the layout&apos;s errors to save it.</p>
      ) : null}
      {conflict ? (
        <div className="-mt-1 mb-3 flex items-center gap-2 text-xs text-room-100">
          <span>Replace the existing preset with this layout?</span>
          <Button className="px-2 py-0.5 text-xs" busy={busy} onClick={() => void save(true)}>
            Replace &ldquo;{conflict}&rdquo;
          </Button>
        </div>
      ) : error && !error.fields ? (
        <div className="mb-3">
          <ErrorPanel title="The preset was not saved" error={error} />
        </div>
      ) : null}
      {presets.error ? (
        <p role="alert" className="mb-2 text-xs text-live">
          {presets.error.message}
        </p>
      ) : null}
      {list.length === 0 ? (
        <p className="text-sm text-room-300">No presets yet.</p>
      ) : (
        <ul className="divide-y divide-room-800 rounded border border-room-700" aria-label="Layout presets">
          {list.map((preset) => (
            <li key={preset.name} className="flex items-center gap-2 px-3 py-2" data-preset={preset.name}>
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm text-room-100">{preset.name}</span>
                <span className="block truncate text-xs text-room-300">{summary(preset)}</span>
              </span>
              <Button
                className="px-2 py-0.5 text-xs"
                onClick={() => {
                  onLoad(preset);
                  toast.success(`Loaded preset "${preset.name}"`);
                }}
                aria-label={`Load preset ${preset.name}`}
              >
                Load
              </Button>
              <Can perform="StartComposition">
                <Button
                  variant="ghost"
                  className="px-2 py-0.5 text-xs"
                  onClick={() => setDeleting(preset.name)}
                  aria-label={`Delete preset ${preset.name}`}
                >
                  Delete
                </Button>
              </Can>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(open) => (open ? null : setDeleting(undefined))}
        title={`Delete preset ${deleting ?? ""}?`}
        description={
          <>
            The preset <strong>{deleting}</strong> disappears for everyone using this console. Running compositions are
            not affected.
          </>
        }
        confirmLabel="Delete preset"
        action={() => removing.run({ name: deleting ?? "" })}
        onDone={(data) => {
          toast.success(`Preset "${data.name}" deleted`);
          setDeleting(undefined);
        }}
      />
    </div>
  );
}
