-- P1: POST /v1/events with a batch of 100 events (key from BENCH_KEY); ids are made by ingest
local colors = {"blue", "green", "red", "yellow"}
local actions = {"click", "hover"}
local events = {}
for i = 1, 100 do
  events[i] = string.format('{"action":"%s","color":"%s"}', actions[i % 2 + 1], colors[i % 4 + 1])
end
wrk.method = "POST"
wrk.body = '{"events":[' .. table.concat(events, ",") .. ']}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")
