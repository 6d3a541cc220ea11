"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/actions/auth";
import { inputClass } from "@/components/ui/field";

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form
      action={action}
      className="rounded border border-room-700 bg-room-900 p-5"
      aria-describedby={state.error ? "sign-in-error" : undefined}
    >
      <input type="hidden" name="next" value={next} />
      <div className="mb-3">
        <label htmlFor="sign-in-username" className="mb-1 block text-xs font-medium text-room-300">
          User name
        </label>
        <input
          id="sign-in-username"
          name="username"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={64}
          defaultValue={state.username ?? ""}
          aria-invalid={state.error ? true : undefined}
          className={inputClass}
        />
      </div>
      <div className="mb-4">
        <label htmlFor="sign-in-password" className="mb-1 block text-xs font-medium text-room-300">
          Password
        </label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          aria-invalid={state.error ? true : undefined}
          className={inputClass}
        />
      </div>
      {state.error ? (
        <p
          id="sign-in-error"
          role="alert"
          className="mb-4 rounded border border-live/40 bg-live/10 px-3 py-2 text-sm text-room-100"
        >
          {state.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending || undefined}
        className="inline-flex w-full items-center justify-center rounded bg-accent px-3 py-1.5 text-sm font-medium text-room-950 hover:bg-accent/90 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
