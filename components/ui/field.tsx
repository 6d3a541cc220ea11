import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { splitConstraint } from "@/lib/ivs/constraint-text";

/** What `Field` hands its control: the id its label points at, and the hint and error wiring. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

/** A labelled input with its hint and its field-level errors wired up for screen readers. */
export function Field({
  label,
  hint,
  errors,
  children,
}: {
  label: string;
  hint?: ReactNode;
  errors?: readonly string[];
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : "", errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="mb-3">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-room-300">
        {label}
      </label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": errors?.length ? true : undefined })}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-room-300">
          {hint}
        </p>
      ) : null}
      {errors?.length ? <FieldErrors id={errorId} errors={errors} /> : null}
    </div>
  );
}

/**
 * Field messages in plain language; the AWS wording of each violated constraint (for engineers, and to match
 * what IVS itself would answer) is one click away under "AWS rule".
 */
export function FieldErrors({ id, errors }: { id?: string; errors: readonly string[] }) {
  const parts = errors.map(splitConstraint);
  const rules = parts.flatMap((part) => (part.aws ? [part.aws] : []));
  return (
    <div id={id} className="mt-1 text-xs" role="alert">
      <p className="text-live">{parts.map((part) => part.text).join(" ")}</p>
      {rules.length ? (
        <details className="mt-0.5 text-room-300">
          <summary className="cursor-pointer select-none">AWS rule</summary>
          <ul className="mt-0.5 break-all font-mono">
            {rules.map((rule) => (
              <li key={rule}>{rule}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export const inputClass =
  "w-full rounded border border-room-700 bg-room-950 px-2.5 py-1.5 text-sm text-room-100 placeholder:text-room-500 aria-[invalid=true]:border-live";

export function TextInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input type="text" {...props} className={`${inputClass} ${props.className ?? ""}`} />;
}
