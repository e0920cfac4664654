-- slugify makes URL slugs; an artist inserted without a slug gets a unique one
begin;
\ir ../helpers/fixtures.psql
select plan(8);

select is(slugify('Beyoncé & Jay-Z'), 'beyonce-and-jay-z', 'accents fold, & reads as and, punctuation joins with -');
select is(slugify('Guns N'' Roses'), 'guns-n-roses', 'apostrophes vanish');
select is(slugify('AC/DC'), 'ac-dc', 'slashes become dashes');
select is(slugify('東京事変'), '', 'a name with nothing ASCII gives an empty slug');

insert into artists (name, ticketmaster_id) values ('Sigur Rós', 'K8vZ-slug-1');
select is((select slug from artists where ticketmaster_id = 'K8vZ-slug-1'), 'sigur-ros', 'a missing slug comes from the name');
insert into artists (name, ticketmaster_id) values ('Sigur Ros', 'K8vZ-slug-2');
select matches((select slug from artists where ticketmaster_id = 'K8vZ-slug-2'), '^sigur-ros-[0-9a-f]{6}$',
  'a taken slug gets a short suffix');
insert into artists (name, ticketmaster_id) values ('東京事変', 'K8vZ-slug-3');
select is((select slug from artists where ticketmaster_id = 'K8vZ-slug-3'), 'artist',
  'a name with no ASCII falls back to "artist"');
select throws_ok($$ insert into artists (name, slug) values ('Bad Slug', 'Bad Slug!') $$,
  '23514', 'new row for relation "artists" violates check constraint "artists_slug_check"',
  'a supplied slug must already be a slug');

select * from finish();
rollback;
