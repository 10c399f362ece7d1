-- wrk script of `bench-checkin.mjs`: each line of the file CHECKIN_PAIRS is "cookie<TAB>token" (a
-- signed-in cadre and a class's current QR token); every pair is sent once as POST /api/check_in,
-- spread over wrk's threads; a thread stops when its share is sent. done() prints one line of JSON:
-- the answers that were not a first check-in ("already", or not 200).
local pairs_file = os.getenv("CHECKIN_PAIRS")
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local all = {}
  for line in io.lines(pairs_file) do
    all[#all + 1] = line
  end
  mine = {}
  local count = tonumber(os.getenv("CHECKIN_THREADS"))
  for i = id + 1, #all, count do
    local cookie, token = all[i]:match("^([^\t]+)\t(.+)$")
    mine[#mine + 1] = wrk.format("POST", "/api/check_in", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept"] = "application/json",
      ["Cookie"] = cookie,
    }, "token=" .. token)
  end
  sent, answered, already, failed = 0, 0, 0, 0
end

function request()
  sent = sent + 1
  -- Past its share a thread repeats its last request until the answers are in (not counted).
  return mine[math.min(sent, #mine)]
end

function response(status, headers, body)
  answered = answered + 1
  if answered <= #mine then
    if status ~= 200 then
      failed = failed + 1
    elseif body:find('"already":true', 1, true) then
      already = already + 1
    end
  end
  if answered >= #mine then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local a, f = 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("already")
    f = f + t:get("failed")
  end
  io.write(string.format('{"requests":%d,"seconds":%.3f,"p50":%.1f,"p99":%.1f,"already":%d,"failed":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000, a, f))
end
