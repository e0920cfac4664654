-- parse_song_title splits a track or setlist title into the song (as written) and its version flags,
-- removing exactly what normalize_song_title removes; the sync stores its display title, so the stored
-- title keeps the key of the title it came from. (These were the sync's TypeScript mirror's cases.)
begin;
select plan(38);

-- copies of one song share one key
select is(normalize_song_title(t), 'paper boats', t)
from unnest(array[
  'Paper Boats',
  'Paper Boats - Remastered 2021',
  'Paper Boats - 2011 Remaster',
  'Paper Boats (Live)',
  'Paper Boats - Live at Synthetic Hall',
  'Paper Boats [Deluxe Edition]',
  'Paper Boats - Radio Edit',
  'Paper Boats (Synthetic Remix)',
  'Paper Boats (feat. Synthetic Guest)',
  'Paper Boats (with Synthetic Guest)',
  'Paper Boats [with Synthetic Guest]',
  'Paper Boats - with Synthetic Guest',
  'PAPER   BOATS']) as t;
select is(normalize_song_title('Café Lumière'), normalize_song_title('Cafe Lumiere'), 'accents fold');
select is(normalize_song_title('Harbour & Home'), 'harbour and home', '& reads as and');
select is(normalize_song_title('Don’t Stop'), normalize_song_title('Dont Stop'), 'a curly apostrophe vanishes');

-- different songs keep different keys, and non-Latin titles keep their letters
select isnt(normalize_song_title('Paper Boats Part II'), normalize_song_title('Paper Boats'), 'a part II is another song');
select is(normalize_song_title('風の歌'), '風の歌', 'a non-Latin title keeps its letters');
select is(normalize_song_title('Stay With Me'), 'stay with me', 'a title containing "with" is not a guest');

-- the display title: the song as written, without its version and guest
select is(to_jsonb(parse_song_title('Slow Tide - Live at Synthetic Hall')),
  '{"display": "Slow Tide", "normalized": "slow tide", "is_live": true, "is_remix": false}'::jsonb,
  'a live take: the song, its key, live');
select is((parse_song_title('Live Forever')).is_live, false, 'a song called "Live…" is not a live version');
select is((parse_song_title('Live Forever')).display, 'Live Forever', 'and keeps its name');
select is((parse_song_title('Paper Boats (with Synthetic Guest)')).display, 'Paper Boats',
  'a Spotify collaboration is shown without the guest');
select is((parse_song_title('Paper Boats - with Synthetic Guest')).display, 'Paper Boats', 'so is a " - with" guest');
select is(to_jsonb(parse_song_title('Night Swim (Synthetic Remix)')),
  '{"display": "Night Swim", "normalized": "night swim", "is_live": false, "is_remix": true}'::jsonb,
  'a remix is flagged remix');
select is(to_jsonb(parse_song_title('Night Swim - Extended Mix')),
  '{"display": "Night Swim", "normalized": "night swim", "is_live": false, "is_remix": true}'::jsonb,
  'a mix is flagged remix');
select is(to_jsonb(parse_song_title('Halo (MTV Unplugged)')),
  '{"display": "Halo", "normalized": "halo", "is_live": true, "is_remix": false}'::jsonb, 'unplugged is live');
select is(to_jsonb(parse_song_title('Yesterday - Remastered 2009')),
  '{"display": "Yesterday", "normalized": "yesterday", "is_live": false, "is_remix": false}'::jsonb,
  'a remaster is neither live nor a remix');
select is((parse_song_title('Café Lumière [Deluxe Edition]')).display, 'Café Lumière', 'case and accents are kept');
select is((parse_song_title('(I Can''t Get No) Satisfaction')).display, '(I Can''t Get No) Satisfaction',
  'a bracketed group without a version word stays');
select is((parse_song_title('Song FEAT. Someone')).display, 'Song', 'a feat. tail goes in any case');
select is((parse_song_title('Song (feat. X) - Live - Part 2')).display, 'Song - Part 2',
  'only the segments naming a version go');
select is((parse_song_title(' Song   (Live)  ')).display, 'Song', 'whitespace collapses and trims');
select is((parse_song_title(e'Song\u00a0-\u00a0Live')).display, 'Song', 'a no-break space around the dash is a space');
select is(to_jsonb(parse_song_title('(Demo)')),
  '{"display": "(Demo)", "normalized": "demo", "is_live": false, "is_remix": false}'::jsonb,
  'a title that is all qualifier keeps itself');
select is(to_jsonb(parse_song_title(null)), null, 'null in, null out');

-- the stored title has the key of the title it came from
select is(
  (select array_agg(t order by t) from unnest(array[
    '', ' ', '?', '(Demo)', 'Live', '- Live -', 'Song (Live) (Remastered) [Deluxe]', 'Song (Live at X) Part 2',
    'Song - Part 2 - Live', 'Song—Live', 'Song –  Remix', 'Song feat.Someone', 'Feat. Intro', 'Song (with Someone)',
    'Song [Bonus Track]', 'Song (From “The Film” Soundtrack)', 'Ｆｕｌｌｗｉｄｔｈ Song', 'ﬁne ligature', 'İstanbul',
    'Ærøskøbing Þórr', 'Song™ ©', '東京 (Live)', 'Привет - Remastered', e'A\u00a0B', 'Don`t ´Stop´ ʼNow',
    'Rock''n''Roll & More', 'Yesterday (Live at the Hollywood Bowl)', 'Song (With Someone) - Remastered 2011',
    '(Stay) With Me', 'Song — Acoustic Version', 'Don’t Stop Me Now - 2011 Mix', 'Halo (Live at Wembley)']) as t
   where (parse_song_title(t)).normalized is distinct from normalize_song_title(t)
      or normalize_song_title((parse_song_title(t)).display) is distinct from normalize_song_title(t)),
  null,
  'every awkward title: the display title''s key and the parsed key are the original''s');

-- the parser is a plain immutable function anyone may call, as normalize_song_title
select is((select provolatile from pg_proc where oid = 'public.parse_song_title(text)'::regprocedure), 'i',
  'parse_song_title is immutable');

select * from finish();
rollback;
