"use client";

import { useRouter } from "next/navigation";
import { Time } from "@/components/ui/time";
import { useState } from "react";
import { toast } from "sonner";
import {
  changeUserRoleAction,
  createUserAction,
  resetUserPasswordAction,
  setUserDisabledAction,
} from "@/app/actions/users";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, inputClass, TextInput } from "@/components/ui/field";
import { CreateUserInput } from "@/lib/auth/accounts";
import { roleDescriptions, roleLabels, roles, type Role } from "@/lib/auth/roles";
import { fieldErrors } from "@/lib/ivs/validation-message";
import type { ErrorInfo } from "@/lib/result";
import type { ListedUser } from "@/server/auth/users";
import { useHydrated } from "@/components/ui/use-hydrated";

const networkError: ErrorInfo = {
  code: "NetworkError",
  message: "The console's server could not be reached.",
  retryable: true,
};

/** A generated password, shown once, with copy; hidden for good when dismissed. */
function OneTimePassword({ username, password, onDone }: { username: string; password: string; onDone: () => void }) {
  return (
    <div role="status" aria-live="polite" className="mb-4 rounded border border-ok/40 bg-ok/5 p-3 text-sm">
      <p className="text-room-100">
        Password for <strong className="font-mono">{username}</strong>, shown <strong>once</strong>: copy it now and
        hand it over privately.
      </p>
      <div className="mt-2 flex items-center gap-2">
        <code data-testid="one-time-password" className="rounded bg-room-950 px-2 py-1 font-mono text-room-100">
          {password}
        </code>
        <CopyButton value={password} label={`Copy the password of ${username}`} />
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (user: ListedUser, password: string) => void }) {
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const check = CreateUserInput.safeParse({ username, role });
  const errors = check.success ? {} : fieldErrors(check.error);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!check.success) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await createUserAction({ username, role });
      if (result.ok && result.data.password) {
        onCreated(result.data.user, result.data.password);
        setUsername("");
        setTouched(false);
      } else if (!result.ok) setError(result.error);
    } catch {
      setError(networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="create-user-heading" className="mb-6 rounded border border-room-700 bg-room-900 p-4">
      <h2 id="create-user-heading" className="mb-3 text-sm font-semibold text-room-100">
        Create a user
      </h2>
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-3">
        <div className="w-64">
          <Field
            label="User name"
            hint="3–64 characters: a-z, 0-9, . _ @ -"
            errors={touched || username ? [...(errors.username ?? []), ...(error?.fields?.username ?? [])] : undefined}
          >
            {(props) => (
              <TextInput
                {...props}
                value={username}
                autoComplete="off"
                onChange={(e) => setUsername(e.target.value)}
                placeholder="jane.doe"
              />
            )}
          </Field>
        </div>
        <div className="w-44">
          <Field label="Role" hint={roleDescriptions[role].split(";")[0]}>
            {(props) => (
              <select {...props} className={inputClass} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {roles.map((value) => (
                  <option key={value} value={value}>
                    {roleLabels[value]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="pt-5">
          <Button type="submit" variant="primary" busy={busy}>
            Create user
          </Button>
        </div>
      </form>
      {error && !error.fields ? <ErrorPanel title="The user was not created" error={error} /> : null}
    </section>
  );
}

export function UsersManager({
  users: initial,
  currentUserId,
}: {
  users: readonly ListedUser[];
  currentUserId: number;
}) {
  const router = useRouter();
  const [rows, setRows] = useState<readonly ListedUser[]>(initial);
  const hydrated = useHydrated();
  const [shown, setShown] = useState<{ username: string; password: string } | undefined>();
  const [rowError, setRowError] = useState<{ id: number; error: ErrorInfo } | undefined>();
  const [confirm, setConfirm] = useState<{ kind: "disable" | "reset"; user: ListedUser } | undefined>();
  const [busyId, setBusyId] = useState<number | undefined>();

  function replace(user: ListedUser) {
    setRows((current) => {
      const exists = current.some((row) => row.id === user.id);
      const next = exists ? current.map((row) => (row.id === user.id ? user : row)) : [...current, user];
      return [...next].sort((a, b) => a.username.localeCompare(b.username));
    });
    router.refresh();
  }

  async function changeRole(user: ListedUser, role: Role) {
    setBusyId(user.id);
    setRowError(undefined);
    try {
      const result = await changeUserRoleAction({ userId: user.id, role });
      if (result.ok) {
        replace(result.data.user);
        toast.success(`${user.username} is now ${roleLabels[role].toLowerCase()}`);
      } else setRowError({ id: user.id, error: result.error });
    } catch {
      setRowError({ id: user.id, error: networkError });
    } finally {
      setBusyId(undefined);
    }
  }

  async function enable(user: ListedUser) {
    setBusyId(user.id);
    setRowError(undefined);
    try {
      const result = await setUserDisabledAction({ userId: user.id, disabled: false });
      if (result.ok) {
        replace(result.data.user);
        toast.success(`${user.username} is enabled`);
      } else setRowError({ id: user.id, error: result.error });
    } catch {
      setRowError({ id: user.id, error: networkError });
    } finally {
      setBusyId(undefined);
    }
  }

  return (
    <>
      <CreateUserForm
        onCreated={(user, password) => {
          replace(user);
          setShown({ username: user.username, password });
          toast.success(`User ${user.username} created`);
        }}
      />
      {shown ? (
        <OneTimePassword username={shown.username} password={shown.password} onDone={() => setShown(undefined)} />
      ) : null}
      <div className="overflow-x-auto rounded border border-room-700">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Users of this console</caption>
          <thead className="bg-room-900 text-xs uppercase tracking-wide text-room-300">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                User
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Role
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Password set
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-room-800">
            {rows.map((user) => {
              const self = user.id === currentUserId;
              return (
                <tr key={user.id} className="align-top hover:bg-room-900">
                  <th scope="row" className="px-3 py-2 font-mono font-normal text-room-100">
                    {user.username}
                    {self ? <span className="ml-2 font-sans text-xs text-room-300">(you)</span> : null}
                    {rowError?.id === user.id ? (
                      <div className="mt-2 font-sans">
                        <ErrorPanel title="Not changed" error={rowError.error} />
                      </div>
                    ) : null}
                  </th>
                  <td className="px-3 py-2">
                    <select
                      aria-label={`Role of ${user.username}`}
                      className={`${inputClass} w-32`}
                      value={user.role}
                      disabled={busyId === user.id || !hydrated}
                      onChange={(e) => void changeRole(user, e.target.value as Role)}
                    >
                      {roles.map((value) => (
                        <option key={value} value={value}>
                          {roleLabels[value]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="px-3 py-2">
                    {user.disabled ? (
                      <span className="text-live">Disabled</span>
                    ) : (
                      <span className="text-ok">Active</span>
                    )}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs text-room-300">
                    <Time iso={user.passwordChangedAt} />
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex justify-end gap-2">
                      {user.disabled ? (
                        <Button
                          onClick={() => void enable(user)}
                          busy={busyId === user.id}
                          aria-label={`Enable ${user.username}`}
                        >
                          Enable
                        </Button>
                      ) : (
                        <Button
                          onClick={() => setConfirm({ kind: "disable", user })}
                          disabled={self}
                          aria-label={`Disable ${user.username}`}
                        >
                          Disable
                        </Button>
                      )}
                      <Button
                        onClick={() => setConfirm({ kind: "reset", user })}
                        disabled={self}
                        aria-label={`Reset the password of ${user.username}`}
                      >
                        Reset password
                      </Button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={confirm?.kind === "disable"}
        onOpenChange={(open) => (open ? undefined : setConfirm(undefined))}
        title={`Disable ${confirm?.user.username ?? ""}?`}
        description="The account can no longer sign in, and every session it has ends now. You can enable it again later."
        confirmLabel="Disable"
        action={() => setUserDisabledAction({ userId: confirm?.user.id ?? 0, disabled: true })}
        onDone={(data) => {
          replace(data.user);
          toast.success(`${data.user.username} is disabled`);
        }}
      />
      <ConfirmDialog
        open={confirm?.kind === "reset"}
        onOpenChange={(open) => (open ? undefined : setConfirm(undefined))}
        title={`Reset the password of ${confirm?.user.username ?? ""}?`}
        description="A new password is generated and shown once; the old one stops working and every session of the account ends."
        confirmLabel="Reset password"
        action={() => resetUserPasswordAction({ userId: confirm?.user.id ?? 0 })}
        onDone={(data) => {
          replace(data.user);
          if (data.password) setShown({ username: data.user.username, password: data.password });
        }}
      />
    </>
  );
}
