-- Shared by submit.lua and progress.lua (wrk): thread ids, a count of unexpected answers, percentiles in ms.
-- The including script sets `expected` (the status a request should get) before loading this file.
function rows(file)
  local result = {}
  for line in io.lines(os.getenv("BENCH_DATA") .. "/" .. file) do
    local a, b = line:match("^([^\t]*)\t(.*)$")
    result[#result + 1] = { a, b }
  end
  return result
end

local threads = {}
local id = 0
function setup(thread)
  id = id + 1
  thread:set("tid", id)
  table.insert(threads, thread)
end

bad = 0
function response(status, headers, body)
  if status ~= expected then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; answers other than %d: %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, expected, b))
end
