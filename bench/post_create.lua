-- wrk script: POST /api/v1/forum/posts with a valid body and a unique title per request.
--
--   BENCH_TOKEN=... wrk -t2 -c64 -d10s --latency -s bench/post_create.lua URL
--
-- The posts are drafts in category "bench" tagged "bench", so they stay out of the published
-- feed, and scripts/bench never picks them for the GET runs (it lists ?status=published).
-- Titles are "bench <run>-<thread>-<n>": unique within a run and across runs.

local headers
local run = os.getenv("BENCH_RUN_ID") or tostring(os.time())
local counter = 0
local prefix

local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
end

function init(args)
  local token = os.getenv("BENCH_TOKEN")
  assert(token and token ~= "", "BENCH_TOKEN is not set")
  headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
  }
  prefix = string.format("bench %s-%d-", run, thread_no or 0)
end

-- About 600 bytes of content: a typical short forum post.
local content = string.rep("Throughput figures from the benchmark harness. ", 12)

function request()
  counter = counter + 1
  local body = string.format(
    '{"title":"%s%d","content":"%s","category":"bench","tags":["bench","load-test"],"status":"draft"}',
    prefix, counter, content)
  return wrk.format("POST", "/api/v1/forum/posts", headers, body)
end
