-- Replays pre-signed raw HTTP requests (separated by NUL bytes) from a file.
-- Each wrk thread takes its own share, so no event id is sent twice.
-- Usage: wrk ... -s wrk_requests.lua URL -- FILE THREADS
local counter = 0
local requests = {}
local i = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  local threads = tonumber(args[2])
  local k = 0
  for chunk in string.gmatch(data, "([^%z]+)%z") do
    if k % threads == id then
      requests[#requests + 1] = chunk
    end
    k = k + 1
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end
