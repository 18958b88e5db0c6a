-- POST /api/v1/tickets: each request raises a new ticket with its own title
-- and description, made of service-desk words at random, for a group at
-- random among those given. Arguments: a tag unique per wrk run (it ends
-- every title, so that runs are told apart) and the group ids, "G1,G2,...".
-- Every answer that is not 201 Created is counted as unexpected.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(dir .. "report.lua")

setup = report.setup
done = report.done

local words = {
   "printer", "laptop", "Outlook", "VPN", "password", "wifi", "Teams", "screen", "slow",
   "crashes", "error", "login", "monitor", "headset", "access", "licence", "mailbox", "SAP",
   "Excel", "keyboard", "docking", "station", "update", "certificate", "expired", "locked",
   "account", "shared", "drive", "cannot", "connect", "sync", "phone", "calendar", "meeting",
   "room", "badge", "toner", "blue", "freezes", "network", "offline", "install", "request",
   "new", "starter", "leaver", "firewall", "server", "backup", "disk", "full", "report",
   "timeout", "Citrix", "SharePoint", "OneDrive", "Jira", "invoice", "payroll",
}

local tag = "x"
local counter = 0
local groups = {}
unexpected = 0

local function some_words(n)
   local t = {}
   for i = 1, n do
      t[i] = words[math.random(#words)]
   end
   return table.concat(t, " ")
end

function init(args)
   tag = args[1] or tag
   for g in string.gmatch(args[2] or "", "[0-9]+") do
      table.insert(groups, tonumber(g))
   end
   math.randomseed(os.time() * 100 + (thread_id or 0))
   wrk.method = "POST"
   wrk.path = "/api/v1/tickets"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   counter = counter + 1
   local body = string.format(
      '{"title":"%s (%s.%d.%d)","description":"%s","group_id":%d,"impact":%d,"urgency":%d}',
      some_words(math.random(3, 7)), tag, thread_id or 0, counter,
      some_words(math.random(10, 60)), groups[math.random(#groups)],
      math.random(1, 3), math.random(1, 3))
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status ~= 201 then
      unexpected = unexpected + 1
   end
end
