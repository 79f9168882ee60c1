-- skp_actor_of is gone from sql/functions/skp.sql (review of issue 17): the facts functions read
-- the SKP row once and call skp_actor on it, and nothing else called it. Owner: planning module.
DROP FUNCTION IF EXISTS skp_actor_of(bigint);
