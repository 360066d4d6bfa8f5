-- wrk script: POST /api/v1/cases (create and submit in one call) as the applicants of $BENCH_DATA/applicants.tsv
-- (session cookie, request body with uploaded file ids), round robin, each request with a fresh Idempotency-Key.
expected = 201
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")
local applicants = rows("applicants.tsv")

local n = 0
local run = tostring(os.time())
function request()
  n = n + 1
  local a = applicants[((tid * 7919 + n) % #applicants) + 1]
  return wrk.format("POST", "/api/v1/cases", {
    ["Content-Type"] = "application/json",
    ["Cookie"] = a[1],
    ["Idempotency-Key"] = "wrk-" .. run .. "-" .. tid .. "-" .. n,
  }, a[2])
end
