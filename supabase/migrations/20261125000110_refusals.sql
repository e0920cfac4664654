-- refusals: the helpers every refusing function calls, so that a refusal is
-- written one way everywhere (refuse, require_fan, require_one_of,
-- require_between) and the rows a call is about are found or refused in one
-- place (require_show, require_open_show, require_artist). Right after the
-- catalog, whose show row type require_show returns; the codes themselves are
-- catalogued in public.refusal_codes (20261206009000_refusal_codes.sql).

-- ---------------------------------------------------------------------------
-- refusals
-- ---------------------------------------------------------------------------

-- Every refusal in this schema is one call, public.refuse('<code>', detail,
-- hint): SQLSTATE P0001 with the stable code as the message, so PostgREST
-- answers 400 {"code":"P0001","message":"<code>","details":...,"hint":...}
-- and the SPA switches on message. Each code is a row of public.refusal_codes
-- (20261206009000_refusal_codes.sql). The one 42501 refusal, admin_required,
-- is assert_admin's own raise (PostgREST maps 42501 to 401/403).
create function public.refuse(code text, detail text, hint text default null) returns void
language plpgsql stable parallel safe
set search_path = ''
as $$
begin
  if hint is null then
    raise exception using errcode = 'P0001', message = code, detail = detail;
  end if;
  raise exception using errcode = 'P0001', message = code, detail = detail, hint = hint;
end
$$;
comment on function public.refuse(text, text, text) is
  'Raises a refusal: SQLSTATE P0001, message = the code (a row of refusal_codes), detail and hint (no hint when null). '
  'Never returns. Called by every refusing function; a security definer caller runs it as its owner.';

-- A value that must be one of a list, written once: the check and the hint
-- ("Use a, b or c.") come from the same array, so they cannot disagree.
-- Refuses refusal (passed as refusal => '<code>', which pgTAP 76 reads) with
-- "<value> is not <what>."; null is refused too unless null_allowed.
create function public.require_one_of(value text, allowed text[], refusal text, what text,
  null_allowed boolean default false) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if (value is null and not null_allowed) or not (value = any (allowed)) then
    perform public.refuse(refusal, format('%L is not %s.', value, what),
      format('Use %s or %s.', array_to_string(allowed[1:cardinality(allowed) - 1], ', '), allowed[cardinality(allowed)]));
  end if;
end
$$;
comment on function public.require_one_of(text, text[], text, text, boolean) is
  'Refuses refusal unless value is one of allowed (null only when null_allowed): detail "<value> is not <what>.", hint "Use a, b or c.".';

-- A count a caller passes (rows, hours, days, jobs) must lie in low..high:
-- refuses refusal (refusal => '<code>') with detail_format's %s as the value
-- ('null' for none); null is refused too unless null_allowed.
create function public.require_between(value integer, low integer, high integer, refusal text, detail_format text,
  hint text, null_allowed boolean default false) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  if (value is null and not null_allowed) or value not between low and high then
    perform public.refuse(refusal, format(detail_format, coalesce(value::text, 'null')), hint);
  end if;
end
$$;
comment on function public.require_between(integer, integer, integer, text, text, text, boolean) is
  'Refuses refusal unless value is in low..high (null only when null_allowed), with detail format(detail_format, value or ''null'') and hint.';

-- the caller of a fan's write: auth.uid(), or the refusal not_authenticated
-- with what the call needs (detail) and what to do (hint)
create function public.require_fan(detail text, hint text default 'Sign in, or continue as a guest.') returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  fan uuid := auth.uid();
begin
  if fan is null then
    perform public.refuse('not_authenticated', detail, hint);
  end if;
  return fan;
end
$$;
comment on function public.require_fan(text, text) is
  'auth.uid() of the caller (a signed-in user or a guest session), or refuses not_authenticated with the given detail and hint.';

-- refuse runs as the API roles inside security invoker functions (e.g.
-- check_leaderboard_page for anon); the require_* helpers run inside security
-- definer functions (as their owner) or the service role's operations
-- functions (service_role keeps its default grant), so anon and authenticated
-- may not call them
revoke execute on function public.refuse(text, text, text) from public;
grant execute on function public.refuse(text, text, text) to anon, authenticated, service_role;
revoke execute on function public.require_fan(text, text) from public, anon, authenticated;
revoke execute on function public.require_one_of(text, text[], text, text, boolean) from public, anon, authenticated;
revoke execute on function public.require_between(integer, integer, integer, text, text, text, boolean)
  from public, anon, authenticated;

-- The rows a call is about, each found or refused in one place. Called by the
-- security definer fan writes and operations, so they run as the owner and no
-- API role may call them directly.
create function public.require_show(show_id uuid) returns public.shows
language plpgsql
stable
set search_path = ''
as $$
declare
  found_show public.shows;
begin
  select * into found_show from public.shows sh where sh.id = require_show.show_id;
  if not found then
    perform public.refuse('show_not_found', 'There is no show with that id.', 'Use the id of a show from the shows table.');
  end if;
  return found_show;
end
$$;
comment on function public.require_show(uuid) is
  'The show with that id, or refuses show_not_found. For ensure_predicted_setlist, suggest_song, score_prediction and record_view.';

-- a show takes fans' predictions, votes and suggestions until it is cancelled
-- or has started; each caller says what the refusal means for its own call
create function public.require_open_show(status public.show_status, voting_closes_at timestamptz,
  cancelled_detail text, closed_detail text, closed_hint text) returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if status = 'cancelled' then
    perform public.refuse('show_cancelled', cancelled_detail, 'Pick another show of the artist.');
  end if;
  if public.show_has_started(status, voting_closes_at) then
    perform public.refuse('voting_closed', closed_detail, closed_hint);
  end if;
end
$$;
comment on function public.require_open_show(public.show_status, timestamptz, text, text, text) is
  'Refuses show_cancelled for a cancelled show, then voting_closed once show_has_started, with the caller''s detail and hint. For ensure_predicted_setlist, cast_vote and suggest_song.';

create function public.require_artist(artist_id uuid) returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if not exists (select 1 from public.artists a where a.id = require_artist.artist_id) then
    perform public.refuse('artist_not_found', 'There is no artist with that id.',
      'Use the id of an artist from the artists table.');
  end if;
end
$$;
comment on function public.require_artist(uuid) is
  'Refuses artist_not_found unless an artist has that id. For follow_artist, unfollow_artist and admin_run_sync.';

revoke execute on function public.require_show(uuid) from public, anon, authenticated;
revoke execute on function public.require_open_show(public.show_status, timestamptz, text, text, text)
  from public, anon, authenticated;
revoke execute on function public.require_artist(uuid) from public, anon, authenticated;
