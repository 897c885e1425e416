-- wrk script for the manifest benchmark (scripts/bench manifest). Each thread replays its own share
-- of pre-signed requests (one nonce each, so none is refused as replayed).
-- Arguments: requests file, thread count, host app id, signing timestamp.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, count, app, timestamp = args[1], tonumber(args[2]), args[3], args[4]
  requests = {}
  local i = 0
  for line in io.lines(file) do
    if i % count == id then
      local nonce, signature, body = line:match("([^\t]+)\t([^\t]+)\t(.*)")
      requests[#requests + 1] = wrk.format("POST", "/sdk/v1/manifest", {
        ["X-Atrium-App"] = app,
        ["X-Atrium-Timestamp"] = timestamp,
        ["X-Atrium-Nonce"] = nonce,
        ["X-Atrium-Signature"] = signature,
        ["Content-Type"] = "application/json"
      }, body)
    end
    i = i + 1
  end
  next_request = 0
  total = #requests
end

function request()
  next_request = next_request + 1
  if next_request > #requests then
    -- Out of fresh nonces: these will be refused (401) and show as non-2xx responses.
    next_request = 1
    wrapped = (wrapped or 0) + 1
  end
  return requests[next_request]
end

-- Answers other than 200, by status and first detail, reported at the end (a refused request must
-- never count as a served one).
refused = {}

function response(status, headers, body)
  if status ~= 200 then
    local key = status .. " " .. (body:match('"detail":"([^"]*)"') or "")
    refused[key] = (refused[key] or 0) + 1
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("thread %d: %d requests made of %d fresh, ran out %d times\n", thread:get("id"),
      thread:get("next_request"), thread:get("total") or -1, thread:get("wrapped") or 0))
    local counts = thread:get("refused")
    for key, n in pairs(counts or {}) do
      io.write(string.format("refused: %d x %s\n", n, key))
    end
  end
end
