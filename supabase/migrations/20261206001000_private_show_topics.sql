-- private show topics: Realtime Authorization for the live counts.
--
-- cast_vote, suggest_song and the account-deletion trigger send on
-- 'show:<show id>' with realtime.send(..., private => true). A private message
-- reaches only channels joined with config.private = true, and Supabase
-- Realtime lets a JWT join such a channel only when its role may select from
-- realtime.messages for that topic under these policies (checked with
-- realtime.topic() set to the channel's topic and the JWT's claims set, in a
-- transaction that is rolled back). A client broadcast on a private channel,
-- by websocket or by POST /realtime/v1/api/broadcast, needs an insert policy:
-- there is none for show topics, so only the database speaks there, and a
-- forged vote_counts from a visitor reaches nobody.
--
-- A row is readable only under its own topic (topic = realtime.topic()), so
-- the check for one show says nothing about any other topic's rows.
-- Viewers need no account: anon (a visitor with the anon key only) and
-- authenticated (fans, guests included) receive. Presence is not used.

create policy "show topics are readable by anon" on realtime.messages
for select to anon
using (extension = 'broadcast' and topic = (select realtime.topic()) and topic like 'show:%');

create policy "show topics are readable by authenticated" on realtime.messages
for select to authenticated
using (extension = 'broadcast' and topic = (select realtime.topic()) and topic like 'show:%');

comment on policy "show topics are readable by anon" on realtime.messages is
  'Visitors may join private show:<show id> channels and receive the database''s vote_counts and setlist_song_added broadcasts; no insert policy exists, so no client can send on them.';
comment on policy "show topics are readable by authenticated" on realtime.messages is
  'Fans (guests included) may join private show:<show id> channels and receive the database''s broadcasts; no insert policy exists, so no client can send on them.';
