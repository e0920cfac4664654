-- venue addresses: venues carry Ticketmaster's street address and postal code, readable by everyone and
-- written only by the service role; a blank one is refused; merging setlist.fm's row of the same place into
-- Ticketmaster's keeps the address; venue_page returns it, and null where there is none
begin;
\ir ../helpers/fixtures.psql
select plan(16);

select has_column('public', 'venues', 'street_address', 'venues have a street address');
select has_column('public', 'venues', 'postal_code', 'venues have a postal code');
select col_type_is('public', 'venues', 'street_address', 'text', 'the street address is text');

select ok(has_column_privilege('anon', 'public.venues', 'street_address', 'select')
          and has_column_privilege('anon', 'public.venues', 'postal_code', 'select'), 'anon reads the address');
select ok(has_column_privilege('authenticated', 'public.venues', 'street_address', 'select')
          and has_column_privilege('authenticated', 'public.venues', 'postal_code', 'select'),
  'signed-in fans read the address');
select ok(not has_column_privilege('authenticated', 'public.venues', 'street_address', 'update')
          and not has_column_privilege('anon', 'public.venues', 'postal_code', 'update'),
  'no API role but the service role may change it');

insert into public.venues (id, ticketmaster_id, name, city, country, latitude, longitude, timezone, street_address,
  postal_code) values
  ('e0000000-0000-4000-8000-0000000009a1', 'KovAddrA', 'Synthetic Address Hall', 'Oslo', 'NO', 59.91, 10.75,
   'Europe/Oslo', '1 Synthetic Gate', '0150');
insert into public.venues (id, setlistfm_id, name, city, state, country, latitude, longitude) values
  ('e0000000-0000-4000-8000-0000000009a2', 'sfmAddrA', 'The Synthetic Address Hall', 'Oslo', 'Oslo', 'NO', 59.9, 10.7),
  ('e0000000-0000-4000-8000-0000000009b1', 'sfmAddrB', 'Synthetic Addressless Club', 'Bergen', null, 'NO', 60.39, 5.32);
insert into public.shows (id, artist_id, venue_id, name, local_date, time_tba, status, setlistfm_id) values
  ('c0000000-0000-4000-8000-0000000009a1', tests.id('artist'), 'e0000000-0000-4000-8000-0000000009a2',
   'Address past', current_date - 30, true, 'completed', 'sfm-addr-show-1');

-- the API roles read it through PostgREST's roles
select tests.act_as('anon');
select is((select street_address || ' ' || postal_code from public.venues where ticketmaster_id = 'KovAddrA'),
  '1 Synthetic Gate 0150', 'anon selects the address columns');
select throws_ok($$ update public.venues set street_address = 'Elsewhere 1' where ticketmaster_id = 'KovAddrA' $$,
  '42501', null, 'anon cannot change an address');
select tests.act_as('alice');
select throws_ok($$ update public.venues set postal_code = '9999' where ticketmaster_id = 'KovAddrA' $$,
  '42501', null, 'a signed-in fan cannot change an address');

select tests.act_as('service');
select throws_ok($$ update public.venues set street_address = '   ' where ticketmaster_id = 'KovAddrA' $$,
  '23514', null, 'a blank street address is refused: unknown is null');
select throws_ok($$ update public.venues set postal_code = repeat('9', 21) where ticketmaster_id = 'KovAddrA' $$,
  '23514', null, 'a postal code longer than 20 characters is refused');

select is(public.merge_venue_twins(), 1, 'setlist.fm''s row of the hall is merged into Ticketmaster''s');
select tests.act_as('owner');
select is((select (setlistfm_id, street_address, postal_code)::text from public.venues
           where id = 'e0000000-0000-4000-8000-0000000009a1'),
  '(sfmAddrA,"1 Synthetic Gate",0150)', 'the merged row keeps Ticketmaster''s address and takes setlist.fm''s id');

select tests.act_as('anon');
select is(public.venue_page((select slug from public.venues where ticketmaster_id = 'KovAddrA')) -> 'venue'
            ->> 'street_address',
  '1 Synthetic Gate', 'venue_page returns the street address');
select is((select public.venue_page(slug) -> 'venue' -> 'postal_code' from public.venues where setlistfm_id = 'sfmAddrB'),
  'null'::jsonb, 'a venue without an address says null, not a made-up one');
select ok(not (public.venue_page((select slug from public.venues where ticketmaster_id = 'KovAddrA')) -> 'venue')
            ?| array['match_key', 'created_at', 'updated_at'],
  'venue_page leaves out the bookkeeping columns');

select * from finish();
rollback;
