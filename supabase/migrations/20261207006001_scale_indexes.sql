-- Indexes for the page queries at the scale of a real catalogue (issue #20; measured by
-- `npm run bench -- scale`: 100,000 upcoming and 400,000 past shows, 10M votes).

-- upcoming_markets() (home and near pages) counts the listed upcoming shows per venue: with the
-- venue and the closing time in the index, that count is an index-only range over the upcoming dates
-- (voting_closes_at checked in the index: show_has_started's rule) instead of a visit to every
-- upcoming show's row
create index shows_listed_venue_idx on public.shows (local_date) include (venue_id, voting_closes_at)
  where status not in ('cancelled', 'completed');
comment on index public.shows_listed_venue_idx is
  'Listed (not cancelled, not completed) shows by date with their venue and voting_closes_at: upcoming_markets() counts a venue''s upcoming shows from the index alone.';
