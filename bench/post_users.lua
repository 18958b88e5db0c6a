-- POST /api/v1/users, each request a new user with its own e-mail address:
-- b<tag>.<thread>.<counter>@x.example, where the tag (first script argument)
-- is unique per wrk run so that runs against one database never collide.
-- Every answer that is not 201 Created is counted as unexpected.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(dir .. "report.lua")

setup = report.setup
done = report.done

local tag = "x"
local counter = 0
unexpected = 0

function init(args)
   tag = args[1] or tag
   wrk.method = "POST"
   wrk.path = "/api/v1/users"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   counter = counter + 1
   local id = string.format("%s.%d.%d", tag, thread_id or 0, counter)
   local body = string.format('{"email":"b%s@x.example","name":"Bench user %s"}', id, id)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status ~= 201 then
      unexpected = unexpected + 1
   end
end
