-- wrk script: GET <prefix><id> for ids picked at random from a file, with a bearer token.
--
--   BENCH_TOKEN=... wrk -t2 -c64 -d10s --latency -s bench/get_random.lua URL -- /api/v1/users/ ids.txt
--
-- args: [1] path prefix, [2] file with one id per line. The token comes from the environment
-- (BENCH_TOKEN), so it never shows on a command line. Every request is built once in init()
-- (wrk's advice: building requests in request() costs client CPU that the server would miss).

local requests = {}

-- Each thread has its own Lua state; setup() runs once per thread in the main state and hands
-- each one a number, so the threads draw different random sequences.
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
end

function init(args)
  local prefix, file = args[1], args[2]
  assert(prefix and file, "usage: -- PATH_PREFIX IDS_FILE")
  local token = os.getenv("BENCH_TOKEN")
  assert(token and token ~= "", "BENCH_TOKEN is not set")
  local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
  for id in io.lines(file) do
    if id ~= "" then
      requests[#requests + 1] = wrk.format("GET", prefix .. id, headers)
    end
  end
  assert(#requests > 0, "no ids in " .. file)
  math.randomseed(os.time() * 1000 + (thread_no or 0))
end

function request()
  return requests[math.random(#requests)]
end
