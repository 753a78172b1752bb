-- wrk script: as get_random.lua, but each connection waits BENCH_THINK_MS between its
-- requests, like many clients that each send a request now and then. With C connections the
-- offered rate is about C / (think + latency): an open-ish load at a set rate, so latency shows
-- the service's time rather than the queue a closed loop of C clients builds.
--
--   BENCH_TOKEN=... BENCH_THINK_MS=100 wrk -t2 -c512 -d10s --latency -s bench/get_paced.lua URL -- /api/v1/users/ ids.txt
local base = dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/get_random.lua")
local think = tonumber(os.getenv("BENCH_THINK_MS") or "100")

function delay()
  return think
end
