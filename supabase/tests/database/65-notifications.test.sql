-- notifications come from real events, once per event per fan, live on the fan's private topic
begin;
\ir ../helpers/fixtures.psql
select plan(20);

select tests.act_as('alice');
select set_profile('alice', 'testville');   -- the venue's city, in another case
select follow_artist(tests.id('artist'));
select tests.act_as('bob');
select set_profile('bob', 'Elsewhere', 51.51, -0.13);  -- London coordinates
select follow_artist(tests.id('artist'));
select tests.act_as('guest');
select set_profile(null, 'Testville');        -- same city, follows nobody

-- the tour sync (service role) adds an upcoming show at the fixture venue in Testville
select tests.act_as('service');
insert into shows (id, artist_id, venue_id, name, starts_at, local_date)
values ('c0000000-0000-4000-8000-0000000000a1', tests.id('artist'), tests.id('venue'), 'New Testville show',
  now() + interval '30 days', (now() + interval '30 days')::date);

select tests.act_as('owner');
select is((select array_agg(user_id) from notifications where kind = 'show_announced'), array[tests.id('alice')],
  'a follower living in the venue''s city is told; a follower elsewhere and a non-follower are not');
select is((select payload ->> 'city' from notifications where kind = 'show_announced'), 'Testville',
  'the notification says where');
select ok(exists(select 1 from realtime.messages where topic = 'user:' || tests.id('alice') and private
  and event = 'notification' and payload ->> 'kind' = 'show_announced'), 'it is sent live on the fan''s private topic');

-- near: a venue within fan_rules.nearby_km of bob's coordinates
insert into venues (id, name, city, country, latitude, longitude)
values ('e0000000-0000-4000-8000-0000000000b1', 'Near Hall', 'Greenwich', 'GB', 51.48, 0.0);
select tests.act_as('service');
insert into shows (id, artist_id, venue_id, name, starts_at, local_date)
values ('c0000000-0000-4000-8000-0000000000a2', tests.id('artist'), 'e0000000-0000-4000-8000-0000000000b1',
  'Greenwich show', now() + interval '40 days', (now() + interval '40 days')::date);
select tests.act_as('owner');
select is((select array_agg(user_id) from notifications where kind = 'show_announced'
  and event_key = 'show:c0000000-0000-4000-8000-0000000000a2'), array[tests.id('bob')],
  'a follower whose home is within nearby_km of the venue is told');

-- history is not news: the setlist sync inserting a past show at the venue tells nobody
insert into shows (id, artist_id, venue_id, name, starts_at, local_date)
values ('c0000000-0000-4000-8000-0000000000a3', tests.id('artist'), tests.id('venue'), 'Old show',
  now() - interval '300 days', (now() - interval '300 days')::date);
select is((select count(*)::integer from notifications where event_key = 'show:c0000000-0000-4000-8000-0000000000a3'), 0,
  'a past show announces nothing');

-- a page of the tour sync is one statement: each of its shows tells its own fans, and only those
insert into shows (id, artist_id, venue_id, name, starts_at, local_date, status)
values
  ('c0000000-0000-4000-8000-0000000000a4', tests.id('artist'), tests.id('venue'), 'Page show, Testville',
   now() + interval '50 days', (now() + interval '50 days')::date, 'scheduled'),
  ('c0000000-0000-4000-8000-0000000000a5', tests.id('artist'), 'e0000000-0000-4000-8000-0000000000b1',
   'Page show, Greenwich', now() + interval '51 days', (now() + interval '51 days')::date, 'scheduled'),
  ('c0000000-0000-4000-8000-0000000000a6', tests.id('artist'), tests.id('venue'), 'Page show, cancelled',
   now() + interval '52 days', (now() + interval '52 days')::date, 'cancelled'),
  ('c0000000-0000-4000-8000-0000000000a7', tests.id('artist'), tests.id('venue'), 'Page show, past',
   now() - interval '52 days', (now() - interval '52 days')::date, 'scheduled');
select results_eq(
  $$select user_id, event_key from notifications
    where kind = 'show_announced' and event_key like 'show:c0000000-0000-4000-8000-0000000000a_'
      and event_key > 'show:c0000000-0000-4000-8000-0000000000a3' order by event_key$$,
  $$values (tests.id('alice'), 'show:c0000000-0000-4000-8000-0000000000a4'),
           (tests.id('bob'), 'show:c0000000-0000-4000-8000-0000000000a5')$$,
  'shows inserted in one statement each tell their own fans: the city fan one, the nearby fan the other');
select is((select count(*)::integer from notifications
  where event_key in ('show:c0000000-0000-4000-8000-0000000000a6', 'show:c0000000-0000-4000-8000-0000000000a7')), 0,
  'in the same statement a cancelled show and a past one tell nobody');

-- a prediction opens for a followed artist's show: every follower is told, once
insert into setlists (show_id, kind) values ('c0000000-0000-4000-8000-0000000000a1', 'predicted');
select is((select array_agg(user_id order by user_id) from notifications where kind = 'prediction_opened'),
  array[tests.id('alice'), tests.id('bob')], 'a new prediction tells every follower');
delete from setlists where show_id = 'c0000000-0000-4000-8000-0000000000a1';
insert into setlists (show_id, kind) values ('c0000000-0000-4000-8000-0000000000a1', 'predicted');
select is((select count(*)::integer from notifications where kind = 'prediction_opened'), 2,
  'the same event never notifies twice');

-- reading state
select id as alice_notification from notifications where user_id = tests.id('alice') limit 1 \gset
select tests.act_as('bob');
select is((select count(*)::integer from notifications), 3, 'a fan reads only their own notifications');
select is(unread_notification_count(), 3, 'all unread');
select isnt((mark_notification_read((select min(id) from notifications))).read_at, null, 'mark one read');
select is(unread_notification_count(), 2, 'two left');
select throws_ok('select mark_notification_read(' || :alice_notification || ')', 'P0001', 'notification_not_found',
  'another fan''s notification cannot be marked');
select is(mark_all_notifications_read(), 2, 'mark all read marks the rest');
select is(unread_notification_count(), 0, 'nothing unread');
select tests.act_as('anon');
select throws_ok($$ select mark_all_notifications_read() $$, 'P0001', 'not_authenticated', 'anon has no notifications');
select tests.act_as('alice');
select is(unread_notification_count(), 3, 'alice''s stay unread');

-- kept 90 days
select tests.act_as('owner');
update notifications set created_at = now() - interval '91 days' where user_id = tests.id('alice');
select is(prune_notifications(), 3, 'notifications older than 90 days are pruned');
select is((select count(*)::integer from cron.job where jobname = 'prune-notifications'), 1, 'daily by pg_cron');

select * from finish();
rollback;
