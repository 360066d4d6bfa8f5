-- wrk script: GET /api/v1/cases/progress?number=&code= over the cases of $BENCH_DATA/progress.tsv, round robin.
expected = 200
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")
local cases = {}
for _, row in ipairs(rows("progress.tsv")) do
  cases[#cases + 1] = "/api/v1/cases/progress?number=" .. row[1] .. "&code=" .. row[2]
end

local n = 0
function request()
  n = n + 1
  return wrk.format("GET", cases[((tid * 7919 + n) % #cases) + 1])
end
