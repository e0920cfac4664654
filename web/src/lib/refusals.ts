// Turns whatever a call to Supabase can fail with into one readable message.
// The database refuses fan actions with PostgREST errors whose `message` is a
// stable code (P0001, e.g. "guest_vote_limit"); auth-js errors carry GoTrue's
// `code`; fetch failures are network trouble. Components only ever show
// AppError.message and branch on AppError.code.

export const REFUSAL_MESSAGES = {
  not_authenticated: "Sign in to do that.",
  invalid_vote_value: "That vote isn't valid.",
  setlist_song_not_found: "That song is no longer on this setlist.",
  voting_closed: "Voting is closed: this show has started.",
  show_cancelled: "This show was cancelled, so voting is closed.",
  setlist_locked: "The prediction is locked: the actual setlist is in.",
  guest_vote_limit: "Guests get one vote. Create a free account to keep voting; your first vote stays yours.",
  daily_vote_limit: "You've used today's votes. Come back tomorrow.",
  guest_cannot_suggest: "Create a free account to suggest songs.",
  show_not_found: "This show no longer exists.",
  song_not_found: "That song isn't in the catalog.",
  song_not_by_artist: "That song isn't by this show's artist.",
  song_already_on_setlist: "That song is already on the setlist.",
  suggestion_limit: "You've suggested as many songs as allowed for now.",
  view_rate_limited: "Slow down a little.",
  // the admin console's RPCs (admin_required is 42501: PostgREST's 403)
  admin_required: "This page is for TheSet's operators. Sign in with an admin account.",
  unknown_sync_function: "That is not a sync job.",
  sync_not_configured: "The database's Vault lacks project_url or cron_secret, so syncs cannot be called.",
  invalid_sync_limit: "The limit must be a whole number from 1 to 1000.",
  artist_not_found: "There is no such artist in TheSet.",
  prediction_has_votes: "Fans have voted on or added to this prediction, so it is not rebuilt.",
  no_predicted_setlist: "This show has no prediction to score.",
  no_actual_setlist: "The actual setlist has not arrived, so there is nothing to score against.",
  import_job_not_found: "There is no such import job.",
  import_job_not_dead: "Only a dead import job can be retried.",
  import_job_already_live: "The same import is already queued or running.",
  import_job_not_queued: "Only a queued import job can be cancelled.",
  invalid_run_status: "That is not a run status.",
  invalid_import_status: "That is not an import job status.",
  invalid_max_rows: "Ask for 1 to 500 rows.",
  invalid_hours: "Pick a window of 1 to 720 hours.",
  invalid_days: "Pick 1 to 366 days of history.",
  run_not_found: "There is no such sync run.",
  // shows_near (migration 20261206006300_near_you.sql)
  invalid_point: "That place can't be found on the map. Pick a city instead.",
  invalid_date_range: "The end date is before the start date.",
  // profiles, follows, notifications, leaderboards
  guest_cannot_claim_handle: "Create a free account to choose a handle; your votes and follows stay yours.",
  handle_length: "That handle is too short or too long.",
  handle_characters: "A handle starts with a letter and uses only letters, digits and underscores.",
  handle_reserved: "That handle is reserved. Pick another one.",
  handle_taken: "Another fan already has that handle. Pick another one.",
  invalid_home_city: "That city name is too long.",
  invalid_home_location: "That location isn't valid.",
  follow_limit: "You follow as many artists as allowed. Unfollow one first.",
  notification_not_found: "That notification is gone.",
  invalid_page: "That page doesn't exist.",
  fan_not_found: "No fan has that handle.",
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
