-- seed: intentionally small and deterministic. TheSet's catalog arrives only
-- through the sync functions (from the real APIs, or the clearly synthetic demo
-- upstream), so nothing here invents artists, shows, songs or votes.
select 1;
