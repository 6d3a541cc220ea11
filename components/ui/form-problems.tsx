import { unshownErrors } from "@/lib/ivs/constraint-text";
import { FieldErrors } from "./field";

/**
 * What a form's own fields do not show (a nested member, a rule about the whole request): listed above the
 * submit button, so that no check can disable it without saying why.
 */
export function FormProblems({
  errors,
  shown,
}: {
  errors: Readonly<Record<string, readonly string[]>>;
  shown: readonly string[];
}) {
  const rest = unshownErrors(errors, shown);
  if (rest.length === 0) return null;
  return (
    <div className="mt-2">
      <FieldErrors errors={rest} />
    </div>
  );
}
