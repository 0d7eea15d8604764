-- wrk script: POSTs the GraphQL body in $BODY; counts answers that are not 200.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
local bad = 0
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("bad_responses %d\n", bad))
end
