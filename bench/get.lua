-- GET of one fixed path (the one on wrk's command line), headers from -H.
-- No response() callback: reading every body in Lua would slow wrk down, and
-- wrk counts answers of 400 and above itself.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(dir .. "report.lua")

setup = report.setup
done = report.done
