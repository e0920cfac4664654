// Who the fan is. Fans start as guests: the first vote signs them in
// anonymously (supabase.auth.signInAnonymously). Creating an account upgrades
// that same user (updateUser with email and password), so the guest's vote
// stays theirs. The session lives in auth-js; this module mirrors it into
// React and offers the few actions the pages need.

import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import type { Session, User } from "@supabase/supabase-js";
import type { TheSetClient } from "../lib/supabase.ts";
import { AppError, toAppError } from "../lib/refusals.ts";
import { useQueryClient } from "@tanstack/react-query";
import { useSupabase } from "./client.tsx";
import { queryKeys } from "./keys.ts";

export interface SessionState {
  /** false until auth-js has read the stored session */
  ready: boolean;
  session: Session | null;
  user: User | null;
  /** signed in anonymously, not yet with an account */
  isGuest: boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function isGuestUser(user: User | null | undefined): boolean {
  return Boolean(user?.is_anonymous);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useSupabase();
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ ready: boolean; session: Session | null }>({ ready: false, session: null });

  useEffect(() => {
    let active = true;
    client.auth.getSession().then(({ data }) => {
      if (active) setState({ ready: true, session: data.session });
    });
    const { data } = client.auth.onAuthStateChange((event, session) => {
      if (!active) return;
      // another fan may use this browser next: forget this one's votes, however the session ended
      // (the account page's button, another tab, an expired refresh token)
      if (event === "SIGNED_OUT") {
        queryClient.removeQueries({ queryKey: queryKeys.votes.all() });
        queryClient.removeQueries({ queryKey: queryKeys.fans.all() });
      }
      setState({ ready: true, session });
    });
    return () => {
      active = false;
      data.subscription.unsubscribe();
    };
  }, [client, queryClient]);

  const value = useMemo<SessionState>(() => {
    const user = state.session?.user ?? null;
    return { ready: state.ready, session: state.session, user, isGuest: isGuestUser(user) };
  }, [state]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside <SessionProvider>");
  return state;
}

/** The guest sign-in under way per client: a visitor's two quick clicks must make one guest, not two. */
const guestSignIns = new WeakMap<TheSetClient, Promise<User>>();

async function signInAsGuest(client: TheSetClient): Promise<User> {
  const { data: signedIn, error } = await client.auth.signInAnonymously();
  if (error || !signedIn.user) throw toAppError(error ?? new Error("anonymous sign-in returned no user"));
  return signedIn.user;
}

/** The current user, signing in anonymously first when nobody is signed in. */
export async function ensureSignedIn(client: TheSetClient): Promise<User> {
  const { data } = await client.auth.getSession();
  if (data.session?.user) return data.session.user;
  let pending = guestSignIns.get(client);
  if (!pending) {
    pending = signInAsGuest(client).finally(() => guestSignIns.delete(client));
    guestSignIns.set(client, pending);
  }
  return await pending;
}

export interface Credentials {
  email: string;
  password: string;
}

export function validateCredentials({ email, password }: Credentials): AppError | null {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
    return new AppError("email_address_invalid", "That email address doesn't look right.");
  }
  if (password.length < 6) return new AppError("weak_password", "Choose a longer password (at least 6 characters).");
  return null;
}

/**
 * Creates an account. A guest is upgraded in place (same user id, so their
 * votes stay theirs); a visitor with no session signs up fresh.
 */
export async function createAccount(client: TheSetClient, credentials: Credentials): Promise<User> {
  const invalid = validateCredentials(credentials);
  if (invalid) throw invalid;
  const email = credentials.email.trim();
  const { data: current } = await client.auth.getSession();
  if (current.session?.user?.is_anonymous) {
    const { data, error } = await client.auth.updateUser({ email, password: credentials.password });
    if (error || !data.user) throw toAppError(error ?? new Error("updateUser returned no user"));
    // the access token still says is_anonymous: true until it is reissued, and
    // the database decides guest limits from that claim
    const { error: refreshError } = await client.auth.refreshSession();
    if (refreshError) throw toAppError(refreshError);
    return data.user;
  }
  const { data, error } = await client.auth.signUp({ email, password: credentials.password });
  if (error || !data.user) throw toAppError(error ?? new Error("signUp returned no user"));
  return data.user;
}

export async function signIn(client: TheSetClient, credentials: Credentials): Promise<User> {
  const { data, error } = await client.auth.signInWithPassword({
    email: credentials.email.trim(),
    password: credentials.password,
  });
  if (error || !data.user) throw toAppError(error ?? new Error("sign-in returned no user"));
  return data.user;
}

export async function signOut(client: TheSetClient): Promise<void> {
  const { error } = await client.auth.signOut();
  if (error) throw toAppError(error);
}
