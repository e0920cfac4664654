-- venue addresses: the street address and postal code Ticketmaster gives a venue, for the venue page.
--
-- Ticketmaster's venue carries `address.line1` (sometimes line2, line3) and `postalCode`; setlist.fm's
-- venues have neither. The tour writer fills both columns (and never erases them when one event's
-- embedded venue leaves them out); the setlist writer does not touch them, and when setlist.fm's row of
-- a place is merged into Ticketmaster's (merge_venue_twins) or linked to it (link_venue_twins), the row
-- kept is the Ticketmaster one, so the address stays. venue_page returns every venue column, these too.

alter table public.venues
  add column street_address text check (length(btrim(street_address)) between 1 and 300),
  add column postal_code text check (length(btrim(postal_code)) between 1 and 20);
comment on column public.venues.street_address is
  'Street address from Ticketmaster (address.line1, then line2 and line3, joined by ", "); null when unknown (every setlist.fm-only venue).';
comment on column public.venues.postal_code is 'Postal code from Ticketmaster (postalCode); null when unknown.';

-- the table-wide select granted in 20261125000500_rls.sql already covers new columns; named here as
-- well so the address stays readable if that grant is ever narrowed to a column list
grant select (street_address, postal_code) on public.venues to anon, authenticated;
