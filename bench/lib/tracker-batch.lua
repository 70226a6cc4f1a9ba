-- P1t: POST /v1/events with a batch of 100 events shaped as tracker.js sends them (key from
-- BENCH_KEY): each with its own id, occurred_at and page, every other one with a position in the
-- grid (x and y with 4 decimals, as tracker.js rounds them). The body is made once per wrk thread:
-- ingest does not look ids up across requests (the counter does), so a repeated body costs it what
-- new ones would.
local colors = {"blue", "green", "red", "yellow"}
local actions = {"click", "hover"}
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local function uuid()
  local hex = string.format("%08x%04x%04x%04x%08x%04x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xffff), math.random(0, 0xffff), math.random(0, 0xffffffff), math.random(0, 0xffff))
  return hex:sub(1, 8) .. "-" .. hex:sub(9, 12) .. "-4" .. hex:sub(14, 16) .. "-a" .. hex:sub(18, 20) .. "-" .. hex:sub(21, 32)
end
local now = os.date("!%Y-%m-%dT%H:%M:%S")
local events = {}
for i = 1, 100 do
  local event = string.format(
    '{"id":"%s","action":"%s","color":"%s","occurred_at":"%s.%03dZ","page":"https://shop.example.com/collections/colors?utm_source=newsletter&utm_campaign=autumn"',
    uuid(), actions[i % 2 + 1], colors[i % 4 + 1], now, i * 7 % 1000)
  if i % 2 == 0 then
    event = event .. string.format(',"area":"grid","x":%.4f,"y":%.4f', math.random(0, 9999) / 10000, math.random(0, 9999) / 10000)
  end
  events[i] = event .. "}"
end
wrk.method = "POST"
wrk.body = '{"events":[' .. table.concat(events, ",") .. ']}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")
-- the harness checks once that ingest accepts every event of such a body (BENCH_BODY_FILE)
local out = os.getenv("BENCH_BODY_FILE")
if out then
  local file = io.open(out, "w")
  file:write(wrk.body)
  file:close()
end
