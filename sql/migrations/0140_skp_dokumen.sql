-- GET /v1/skp/{id} builds the whole SKP in one inlined SQL function (skp_dokumen,
-- sql/functions/skp.sql, issue 17): the three lampiran sections come from one walk of
-- skp_lampiran, so the per-section plpgsql helper is gone. Owner: planning module.
DROP FUNCTION IF EXISTS lampiran_items(skp, text);
