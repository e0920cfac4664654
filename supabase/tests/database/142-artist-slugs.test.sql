-- slugify, the one rule for artist slugs (the tours writer calls it on each new artist's name): accents fold,
-- symbols drop, a name with nothing Latin gives '' (for the writer or artists_fill_slug to replace).
-- These were the sync's TypeScript mirror's cases.
begin;
select plan(6);

select is(slugify('Sigur Rós & Friends'), 'sigur-ros-and-friends', 'accents fold, & reads as and');
select is(slugify('AC/DC'), 'ac-dc', 'a slash becomes a dash');
select is(slugify('シンセティック'), '', 'nothing Latin gives an empty slug');
select is(slugify('Sÿnthetic Rós'), 'synthetic-ros', 'ÿ and ó fold');
select is(slugify('シンセティック Kaze'), 'kaze', 'the Latin part of a mixed name is the slug');
select is(slugify('  --Guns N'' Roses!-- '), 'guns-n-roses', 'apostrophes vanish; leading and trailing dashes go');

select * from finish();
rollback;
