// Account: who you are (visitor, guest, or signed in), create an account
// (a guest keeps their votes), sign in, sign out.

import { useState } from "react";
import { usePageTitle } from "../app/Layout.tsx";
import { AccountForm, type AccountMode } from "../components/AccountForm.tsx";
import { Skeleton } from "../components/States.tsx";
import { signOut, useSession } from "../data/auth.tsx";
import { useSupabase } from "../data/client.tsx";
import { toAppError } from "../lib/refusals.ts";
import { ProfileForm } from "../components/ProfileForm.tsx";

export default function AccountPage() {
  usePageTitle("Account");
  const client = useSupabase();
  const { ready, user, isGuest } = useSession();
  const [mode, setMode] = useState<AccountMode>("create");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (!ready) return <Skeleton lines={3} label="Loading account" />;

  async function doSignOut() {
    setError(null);
    try {
      // SessionProvider forgets this fan's cached votes on the SIGNED_OUT this causes
      await signOut(client);
      setMessage("You're signed out.");
    } catch (thrown) {
      setError(toAppError(thrown).message);
    }
  }

  if (user && !isGuest) {
    return (
      <div className="page account-page narrow">
        <h1>Your account</h1>
        <p>
          Signed in as <strong>{user.email}</strong>.
        </p>
        {message ? <p className="form-ok" role="status">{message}</p> : null}
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <button type="button" className="button" onClick={doSignOut}>Sign out</button>
        <ProfileForm />
      </div>
    );
  }

  return (
    <div className="page account-page narrow">
      <h1>{mode === "create" ? "Create your account" : "Sign in"}</h1>
      <p>
        {isGuest
          ? "You're voting as a guest. Create an account to keep voting and suggest songs; your votes stay yours."
          : "Vote as a guest right away, or create a free account to vote as much as you like and suggest songs."}
      </p>
      {message ? <p className="form-ok" role="status">{message}</p> : null}
      {isGuest ? <ProfileForm /> : null}
      <AccountForm
        key={mode}
        mode={mode}
        onDone={() => setMessage(mode === "create" ? "Your account is ready." : "You're signed in.")}
      />
      <p>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMessage(null);
            setMode(mode === "create" ? "sign-in" : "create");
          }}
        >
          {mode === "create" ? "I already have an account" : "Create an account instead"}
        </button>
      </p>
    </div>
  );
}
