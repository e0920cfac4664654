-- synthetic artists: the demo upstream marks every entity it invents with
-- "synthetic": true (real Ticketmaster never sends the field). The tour sync
-- and the import carry the attraction's flag into artists.synthetic so the app
-- can say "Synthetic demo data" on those artists' pages; real data stays false.
-- Readable by everyone through the artists table's existing select grants.

alter table public.artists add column synthetic boolean not null default false;
comment on column public.artists.synthetic is
  'True when Ticketmaster''s attraction said "synthetic": true (the demo upstream''s invented artists); real data is always false. Set by the tour sync and the import on every write.';
