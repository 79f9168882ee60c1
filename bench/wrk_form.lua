-- wrk script: POST a fixed form body (the token endpoint). Owner: bench.
-- Environment: KN_BODY (application/x-www-form-urlencoded body), KN_BENCH_DIR (to reuse wrk.lua's
-- KNRESULT reporting).
dofile(os.getenv("KN_BENCH_DIR") .. "/wrk.lua")
wrk.method = "POST"
wrk.body = os.getenv("KN_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
