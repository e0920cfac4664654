// Turns whatever a call to Supabase can fail with into one readable message.
// The database refuses fan actions with PostgREST errors whose `message` is a
// stable code (P0001, e.g. "guest_vote_limit"); auth-js errors carry GoTrue's
// `code`; fetch failures are network trouble. Components only ever show
// AppError.message and branch on AppError.code.

import { DATABASE_REFUSALS } from "./refusal_codes.generated.ts";

/**
 * Every code the SPA has words for: the database's refusals (generated from
 * public.refusal_codes, the one catalogue; change a row there, then run
 * `npm run db:types`), then GoTrue's, the edge functions' and the SPA's own.
 */
export const REFUSAL_MESSAGES = {
  ...DATABASE_REFUSALS,
  // GoTrue
  invalid_credentials: "Wrong email or password.",
  weak_password: "Choose a longer password (at least 6 characters).",
  email_exists: "An account with this email already exists: sign in instead.",
  user_already_exists: "An account with this email already exists: sign in instead.",
  email_address_invalid: "That email address doesn't look right.",
  validation_failed: "Fill in a valid email and password.",
  anonymous_provider_disabled: "Guest access is switched off: create an account to vote.",
  // 429: past a [auth.rate_limit] limit for this address (sign-ins, sign-ups, guest sessions, refreshes)
  over_request_rate_limit: "Too many sign-in attempts from here. Wait a few minutes, then try again.",
  // the edge functions' answers ({code, message} with a 4xx/5xx status)
  attraction_not_found: "Ticketmaster no longer lists this artist, so it can't be imported.",
  upstream_rate_limited: "The artist directory is busy right now. Try again in a moment.",
  upstream_unavailable: "The artist directory isn't answering right now. Try again in a moment.",
  upstream_budget_exhausted: "Today's artist lookups are used up. Try again tomorrow.",
  rate_limited: "That's a lot of lookups in a short time. Wait a minute, then try again.",
  too_many_imports: "You already have imports on the way. Wait for one to finish before starting another.",
  // 401: an anonymous call without the address the platform vouches for (cf-connecting-ip): a session identifies it
  caller_unidentified: "Sign in, or continue as a guest, to look up artists from here.",
  payload_too_large: "That request is too large to send. Shorten it and try again.",
  // the SPA's own
  import_not_found: "There is no such import.",
  network: "Can't reach TheSet right now. Check your connection and try again.",
} as const;

export type KnownCode = keyof typeof REFUSAL_MESSAGES;

/** Codes that mean "this fan needs an account", answered with the sign-up prompt. */
export const NEEDS_ACCOUNT: ReadonlySet<string> = new Set([
  "guest_vote_limit",
  "guest_cannot_suggest",
  "guest_cannot_claim_handle",
]);

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "AppError";
  }

  get needsAccount(): boolean {
    return NEEDS_ACCOUNT.has(this.code);
  }
}

export function messageFor(code: string): string | undefined {
  return (REFUSAL_MESSAGES as Record<string, string>)[code];
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  name?: unknown;
}

/** Normalises a PostgREST, auth-js, functions-js or network error. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorLike;
  const message = typeof e.message === "string" ? e.message : String(error);
  const status = typeof e.status === "number" ? e.status : undefined;

  // a P0001 refusal (or 42501 admin_required): the stable code is the message
  if ((e.code === "P0001" || e.code === "42501") && messageFor(message)) {
    return new AppError(message, messageFor(message)!, status);
  }
  // auth-js: code is GoTrue's error_code
  if (typeof e.code === "string" && messageFor(e.code)) return new AppError(e.code, messageFor(e.code)!, status);
  if (
    e.name === "TypeError" || e.name === "FunctionsFetchError" || e.name === "AuthRetryableFetchError" ||
    /failed to fetch|networkerror|fetch failed|load failed/i.test(message)
  ) {
    return new AppError("network", REFUSAL_MESSAGES.network, status);
  }
  const code = typeof e.code === "string" && e.code ? e.code : "unexpected";
  return new AppError(code, `Something went wrong (${code === "unexpected" ? message : code}). Try again.`, status);
}

/**
 * An edge function's refusal. functions-js reports any non-2xx answer as a
 * FunctionsHttpError carrying the Response in `context`; the function's JSON
 * body ({code, message}) says which refusal it was.
 */
export async function toFunctionAppError(error: unknown): Promise<AppError> {
  const context = (error as { context?: unknown } | null)?.context as Response | undefined;
  if (context && typeof context.json === "function" && typeof context.status === "number") {
    const body = await context.clone().json().catch(() => null) as { code?: unknown } | null;
    if (body && typeof body.code === "string" && body.code) {
      return new AppError(
        body.code,
        messageFor(body.code) ?? `Something went wrong (${body.code}). Try again.`,
        context.status,
      );
    }
  }
  return toAppError(error);
}
