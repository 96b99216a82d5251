-- wrk script: each request casts the ballot of the next citizen of SESSIONS_FILE
-- (session key, CSRF secret, POST body, tab-separated), as a signed-in browser would.
-- Counts the answers: 302 is a recorded ballot, anything else an error.
local voters = {}
local next_voter = 1
recorded, refused = 0, 0
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  for line in io.lines(os.getenv("SESSIONS_FILE")) do
    local key, secret, body = line:match("^(%S+)\t(%S+)\t(.+)$")
    if key then table.insert(voters, {key, secret, body}) end
  end
end

request = function()
  local voter = voters[next_voter]
  next_voter = next_voter % #voters + 1
  return wrk.format("POST", os.getenv("VOTE_PATH"), {
    ["Host"] = os.getenv("VOTE_HOST"),
    ["Cookie"] = "sessionid=" .. voter[1] .. "; csrftoken=" .. voter[2],
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, voter[3])
end

response = function(status, headers, body)
  if status == 302 then recorded = recorded + 1 else refused = refused + 1 end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local ok, ko = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + (thread:get("recorded") or 0)
    ko = ko + (thread:get("refused") or 0)
  end
  io.write(string.format('BALLOTS {"recorded": %d, "refused": %d}\n', ok, ko))
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, ' ..
    '"status_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
