-- wrk script: as get_random.lua, but each connection pauses between its requests, like many
-- clients that each send a request now and then. The pause is drawn at random in
-- [0.5, 1.5] x BENCH_THINK_MS, so the connections do not fall into step (wrk starts them all
-- at once, and a fixed pause would keep them sending in bursts of C requests). With C
-- connections the offered rate is about C / (think + latency): the latency then shows the
-- service's time, not the queue a closed loop of C clients builds.
--
--   BENCH_TOKEN=... BENCH_THINK_MS=100 wrk -t2 -c512 -d10s --latency -s bench/get_paced.lua URL -- /api/v1/users/ ids.txt
dofile("bench/get_random.lua")
local think = tonumber(os.getenv("BENCH_THINK_MS") or "100")

function delay()
  return math.floor(think * (0.5 + math.random()))
end
