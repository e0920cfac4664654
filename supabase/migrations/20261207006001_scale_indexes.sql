-- Indexes for the page queries at the scale of a real catalogue (issue #20; measured by
-- `npm run bench -- scale`: 100,000 upcoming and 400,000 past shows, 10M votes).

-- upcoming_markets() (home and near pages) counts the listed upcoming shows per venue: with the
-- venue in the index, that count is an index-only range over the upcoming dates instead of a
-- visit to every upcoming show's row
create index shows_listed_venue_idx on public.shows (local_date) include (venue_id) where status <> 'cancelled';
comment on index public.shows_listed_venue_idx is
  'Listed (not cancelled) shows by date with their venue: upcoming_markets() counts a venue''s upcoming shows from the index alone.';
