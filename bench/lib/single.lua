-- P2: POST one event (key from BENCH_KEY); the same request goes to the no-op endpoint
wrk.method = "POST"
wrk.body = '{"action":"click","color":"red"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")
