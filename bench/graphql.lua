-- wrk script: POSTs the GraphQL body in $BODY; counts answers that are not 200 or carry errors.
-- Each wrk thread has its own Lua state: `bad` is a global of each thread's state, summed in
-- `done` (a local read there would always be the main state's 0).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
bad = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("bad") or 0) end
  io.write(string.format("bad_responses %d\n", total))
end
