-- The function modules' record (schema_functions, created by `kinerja migrate` beside
-- schema_migrations) is read by /readyz through the server role. Owner: db.
GRANT SELECT ON schema_functions TO kinerja_app;
