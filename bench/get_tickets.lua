-- Reads of the ticket API for bench/run.sh, one kind per wrk run, named by
-- the first script argument:
--   ticket FIRST LAST    GET /api/v1/tickets/{id}, id at random in FIRST..LAST
--   comments FIRST LAST  GET /api/v1/tickets/{id}/comments, the same ids
--   queue G1,G2,...      GET /api/v1/tickets?group_id=G&status=<open>&limit=50,
--                        G at random among the groups given
--   queue_sorted G1,...  the same, sort=-updated_at
--   search WORD          GET /api/v1/tickets?q=WORD&limit=20
--   queues               GET /api/v1/queues
-- No response() callback: reading every body in Lua would slow wrk down, and
-- wrk counts answers of 400 and above itself.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(dir .. "report.lua")

setup = report.setup
done = report.done

local OPEN = "status=new,assigned,in_progress,pending"
local kind, first, last, word
local groups = {}

function init(args)
   kind = args[1]
   if kind == "ticket" or kind == "comments" then
      first, last = tonumber(args[2]), tonumber(args[3])
   elseif kind == "queue" or kind == "queue_sorted" then
      for g in string.gmatch(args[2], "[0-9]+") do
         table.insert(groups, g)
      end
   elseif kind == "search" then
      word = args[2]
   elseif kind ~= "queues" then
      error("get_tickets.lua: unknown kind " .. tostring(kind))
   end
   math.randomseed(os.time() * 100 + (thread_id or 0))
end

function request()
   local path
   if kind == "ticket" then
      path = "/api/v1/tickets/" .. math.random(first, last)
   elseif kind == "comments" then
      path = "/api/v1/tickets/" .. math.random(first, last) .. "/comments"
   elseif kind == "queue" then
      path = "/api/v1/tickets?group_id=" .. groups[math.random(#groups)] .. "&" .. OPEN .. "&limit=50"
   elseif kind == "queue_sorted" then
      path = "/api/v1/tickets?group_id=" .. groups[math.random(#groups)] .. "&" .. OPEN
         .. "&sort=-updated_at&limit=50"
   elseif kind == "search" then
      path = "/api/v1/tickets?q=" .. word .. "&limit=20"
   else
      path = "/api/v1/queues"
   end
   return wrk.format("GET", path)
end
