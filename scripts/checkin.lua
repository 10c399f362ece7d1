-- wrk script of `bench-checkin.mjs`: each line of the file CHECKIN_PAIRS is "cookie<TAB>token" (a
-- signed-in cadre and a class's current QR token); every pair is sent once as POST /api/check_in,
-- spread over wrk's threads; a thread stops when its share is sent. done() prints one line of JSON:
-- the answers that were not a first check-in ("already", or not 200).
-- A thread that has its answers touches the file CHECKIN_DONE..id (wrk runs for its whole -d otherwise:
-- the caller interrupts it once every thread is done). Times come from CLOCK_MONOTONIC (LuaJIT's ffi).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } checkin_timespec;
  int clock_gettime(int clock, checkin_timespec *t);
]]
local function now()
  local t = ffi.new("checkin_timespec")
  ffi.C.clock_gettime(1, t)
  return tonumber(t.tv_sec) + tonumber(t.tv_nsec) / 1e9
end
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
  idle = wrk.format("GET", "/healthz")
  sent, answered, already, failed, first, last = 0, 0, 0, 0, 0, 0
end

function request()
  -- wrk asks thread 0 for one request before the run, to check it (script_verify_request): that one
  -- is not sent.
  if id == 0 and not verified then
    verified = true
    return mine[1]
  end
  sent = sent + 1
  if sent == 1 then
    first = now()
  end
  -- Past its share a connection asks for /healthz until the last check-ins are answered (those
  -- answers are not counted: they carry no JSON).
  if sent > #mine then
    return idle
  end
  return mine[sent]
end

function response(status, headers, body)
  if body:sub(1, 1) == "{" or status ~= 200 then
    answered = answered + 1
    if status ~= 200 then
      failed = failed + 1
    elseif body:find('"already":true', 1, true) then
      already = already + 1
    end
    last = now()
  end
  if answered >= #mine and not finished then
    finished = true
    io.open(os.getenv("CHECKIN_DONE") .. id, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local a, f, n, from, to = 0, 0, 0, math.huge, 0
  for _, t in ipairs(threads) do
    a = a + t:get("already")
    f = f + t:get("failed")
    n = n + t:get("answered")
    from = math.min(from, t:get("first"))
    to = math.max(to, t:get("last"))
  end
  io.write(string.format('{"answered":%d,"seconds":%.3f,"p50":%.1f,"p99":%.1f,"already":%d,"failed":%d,"errors":%d}\n',
    n, to - from, latency:percentile(50) / 1000, latency:percentile(99) / 1000, a, f,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
