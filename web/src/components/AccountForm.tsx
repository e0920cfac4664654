// Email-and-password form used for both "create an account" (upgrading a
// guest in place) and "sign in".

import { type FormEvent, useId, useState } from "react";
import { useSupabase } from "../data/client.tsx";
import { createAccount, signIn } from "../data/auth.tsx";
import { toAppError } from "../lib/refusals.ts";

export type AccountMode = "create" | "sign-in";

export function AccountForm({ mode, onDone, autoFocus = false }: {
  mode: AccountMode;
  onDone: () => void;
  autoFocus?: boolean;
}) {
  const client = useSupabase();
  const id = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "create") await createAccount(client, { email, password });
      else await signIn(client, { email, password });
      onDone();
    } catch (thrown) {
      setError(toAppError(thrown).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="account-form" onSubmit={submit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
      <label htmlFor={`${id}-email`}>Email</label>
      <input
        id={`${id}-email`}
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) =>
          setEmail(event.target.value)}
        autoFocus={autoFocus}
      />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete={mode === "create" ? "new-password" : "current-password"}
        required
        minLength={6}
        value={password}
        onChange={(event) =>
          setPassword(event.target.value)}
      />
      {error ? <p id={`${id}-error`} className="form-error" role="alert">{error}</p> : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? "Working…" : mode === "create" ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}
