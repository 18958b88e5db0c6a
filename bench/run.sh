#!/usr/bin/env bash
# Loket's benchmark: builds Loket optimised and a bare libmicrohttpd server
# (bench/ceiling.c), loads both with wrk on loopback, measures Loket's peak
# memory and cold start, then the ticket API on generated data sets of
# 10,000, 100,000 and 1,000,000 tickets on SQLite and PostgreSQL
# (bench/tickets.sh, bench/gen_tickets.c), and writes BENCHMARKS.md and
# bench/growth.svg. docs/benchmarks.md says what each figure means.
#
# Usage: bench/run.sh [--quick] [--check] [--peers]
#   --quick  one short round, tickets on SQLite only with 2,000 tickets; the
#            report goes to bench/.cache/BENCHMARKS-quick.md
#   --check  --quick, and fail only when the harness is broken (a server did not
#            start, wrk is missing, no requests were answered, Loket answered
#            with an error), never because of a figure (make check runs this)
#   --peers  the comparison with Request Tracker (needs the tickets API)
# Environment: BENCH_BUILD (build folder, default build-bench), BENCH_CMAKE_ARGS
# (extra arguments for cmake's configure step), BENCH_TICKET_BACKENDS ("sqlite
# postgres") and BENCH_TICKET_SIZES ("10000 100000 1000000"; quick: "2000").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

quick=0 check=0 peers=0
for arg in "$@"; do
	case "$arg" in
	--quick) quick=1 ;;
	--check) quick=1 check=1 ;;
	--peers) peers=1 ;;
	-h | --help)
		sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench: unknown argument $arg (try --help)" >&2
		exit 2
		;;
	esac
done

if [ "$peers" = 1 ]; then
	echo "Request Tracker comparison needs the tickets API (a later issue)"
	exit 0
fi

# ---- settings -------------------------------------------------------------

THREADS=2 CONNS=64
if [ "$quick" = 1 ]; then
	ROUNDS=1 SECONDS_RUN=2 SECONDS_WARM=1 STARTS=5
	REPORT=bench/.cache/BENCHMARKS-quick.md
else
	ROUNDS=3 SECONDS_RUN=10 SECONDS_WARM=2 STARTS=5
	REPORT=BENCHMARKS.md
fi
BUILD=${BENCH_BUILD:-build-bench}
CACHE=bench/.cache
WRK_ARGS=(-t"$THREADS" -c"$CONNS" -d"${SECONDS_RUN}s" --latency)
START_TIMEOUT=30 # seconds a server may take to say it is serving
STOP_TIMEOUT=15  # Loket drains in-flight requests for up to 10 s

# Loopback only: never let a proxy setting route these requests elsewhere.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

say() { printf 'bench: %s\n' "$*"; }

# The harness itself is broken: say why and stop (the trap stops the servers).
broken() {
	printf 'bench: HARNESS BROKEN: %s\n' "$*" >&2
	exit 1
}

for tool in wrk curl cmake cc pkg-config flock; do
	command -v "$tool" >/dev/null || broken "$tool is missing (make bench installs it: scripts/deps.sh bench)"
done

# The ticket figures: settings, data sets, load and report.
# shellcheck source=bench/tickets.sh
source bench/tickets.sh

# Taken before anything is written, so that the report itself does not make
# the tree look dirty.
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit yet")
[ -z "$(git status --porcelain 2>/dev/null)" ] || COMMIT+="-dirty"
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')

mkdir -p "$CACHE"
RUN=$(mktemp -d "$ROOT/$CACHE/run.XXXXXX")
DATA=$RUN/data

# ---- servers ----------------------------------------------------------------

declare -A SERVER_FD=()  # pid -> fd of the pipe its stdout goes to
STARTED_PID="" STARTED_PORT="" STARTED_T0="" STARTED_T1=""
WRK_PID="" # the wrk run under way, if any

# Starts "$@" in the background and waits for its "serving on
# http://127.0.0.1:PORT/" line on stdout. Sets STARTED_PID, STARTED_PORT, and
# STARTED_T0 and STARTED_T1, the times just before the fork and just after the
# line arrived.
# Returns 1 if it did not say so within START_TIMEOUT (and stops it).
start_server() {
	local log=$1 fifo fd line
	shift
	fifo=$(mktemp -u "$RUN/fifo.XXXXXX")
	mkfifo "$fifo"
	STARTED_T0=$EPOCHREALTIME
	"$@" >"$fifo" 2>>"$log" &
	STARTED_PID=$!
	exec {fd}<"$fifo"
	rm -f "$fifo"
	SERVER_FD[$STARTED_PID]=$fd
	STARTED_PORT=""
	while IFS= read -r -t "$START_TIMEOUT" -u "$fd" line; do
		echo "$line" >>"$log"
		if [[ $line =~ serving\ on\ http://127\.0\.0\.1:([0-9]+)/ ]]; then
			STARTED_T1=$EPOCHREALTIME
			STARTED_PORT=${BASH_REMATCH[1]}
			return 0
		fi
	done
	stop_server "$STARTED_PID"
	return 1
}

# Stops a server started by start_server: SIGTERM, then SIGKILL after
# STOP_TIMEOUT seconds.
stop_server() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < STOP_TIMEOUT * 20; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	local fd=${SERVER_FD[$pid]:-}
	if [ -n "$fd" ]; then
		exec {fd}<&-
		unset "SERVER_FD[$pid]"
	fi
}

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local status=$? pid
	[ -z "$WRK_PID" ] || kill -TERM "$WRK_PID" 2>/dev/null || true
	for pid in "${!SERVER_FD[@]}"; do
		stop_server "$pid"
	done
	tk_cleanup
	if [ "$status" -eq 0 ]; then
		rm -rf "$RUN"
	else
		echo "bench: logs and data of this run kept in ${RUN#"$ROOT/"}" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

CLK_TCK=$(getconf CLK_TCK)

# CPU time (user + system) a running process has used, in clock ticks.
cpu_ticks() {
	awk '{print $14 + $15}' "/proc/$1/stat"
}

# VmHWM (peak resident set) of a running process, in KiB.
peak_rss_kib() {
	awk '/^VmHWM:/ {print $2}' "/proc/$1/status"
}

# ---- statistics -------------------------------------------------------------

# "median min max" of the numbers given.
stats() {
	printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1}
		END {m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		     print m, v[1], v[NR]}'
}

# ---- build ----------------------------------------------------------------

say "building Loket (Release) into $BUILD/"
# shellcheck disable=SC2086 # BENCH_CMAKE_ARGS is a list of arguments
if ! timeout 600 cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release ${BENCH_CMAKE_ARGS:-} \
	>"$RUN/build.log" 2>&1 || ! timeout 1800 cmake --build "$BUILD" -j2 >>"$RUN/build.log" 2>&1; then
	tail -n 30 "$RUN/build.log" >&2
	broken "the Release build of Loket failed (log above)"
fi
say "building the libmicrohttpd ceiling into $BUILD/ceiling"
# shellcheck disable=SC2046 # pkg-config prints a list of flags
cc -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wno-unused-parameter -o "$BUILD/ceiling" bench/ceiling.c $(pkg-config --cflags --libs libmicrohttpd) -lpthread ||
	broken "bench/ceiling.c does not build"
say "building the ticket data generator into $BUILD/gen_tickets"
# shellcheck disable=SC2046 # pkg-config prints a list of flags
cc -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wno-unused-parameter -o "$BUILD/gen_tickets" bench/gen_tickets.c \
	$(pkg-config --cflags --libs sqlite3 libpq) -lpthread -lm ||
	broken "bench/gen_tickets.c does not build"
tk_keys
LOKET=$(realpath "$BUILD/loket")
CEILING=$(realpath "$BUILD/ceiling")

# ---- Loket, its admin and token -----------------------------------------------

say "setting up Loket with an admin and an API token in $DATA"
line=$(timeout 60 "$LOKET" user add --email bench@x.example --name Bench --role admin \
	--data "$DATA" 2>>"$RUN/loket.log") || broken "loket user add failed (see $RUN/loket.log)"
[[ $line =~ user\ ([0-9]+) ]] || broken "loket user add said '$line', no user id in it"
USER_ID=${BASH_REMATCH[1]}
TOKEN=$(timeout 60 "$LOKET" token create --user bench@x.example --data "$DATA" 2>>"$RUN/loket.log" |
	awk '{w = $NF} END {print w}')
[ -n "$TOKEN" ] || broken "loket token create printed no token"
AUTH="Authorization: Bearer $TOKEN"

start_server "$RUN/loket.log" "$LOKET" serve --listen 127.0.0.1:0 --data "$DATA" \
	--log-requests=false || broken "Loket did not start (see $RUN/loket.log)"
LOKET_PID=$STARTED_PID
LOKET_URL=http://127.0.0.1:$STARTED_PORT
say "Loket is serving on $LOKET_URL (pid $LOKET_PID)"

GET_PATH=/api/v1/users/$USER_ID
POST_PATH=/api/v1/users

# Size of a body Loket answers: method path [json]. Fails on a non-2xx.
body_size() {
	local out
	if [ $# -gt 2 ]; then
		out=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{size_download}' \
			-H "$AUTH" -H 'Content-Type: application/json' -X "$1" -d "$3" "$LOKET_URL$2")
	else
		out=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{size_download}' \
			-H "$AUTH" -X "$1" "$LOKET_URL$2")
	fi
	[[ ${out%% *} == 2?? ]] || {
		echo "bench: $1 $2 answered ${out%% *}" >&2
		return 1
	}
	echo "${out##* }"
}
GET_SIZE=$(body_size GET "$GET_PATH") || broken "GET $GET_PATH failed"
# An address as long as a typical one from bench/post_users.lua.
POST_SIZE=$(body_size POST "$POST_PATH" \
	'{"email":"bprobe.1.10000@x.example","name":"Bench user probe.1.10000"}') ||
	broken "POST $POST_PATH failed"
say "Loket's answers: GET $GET_PATH $GET_SIZE bytes, POST $POST_PATH $POST_SIZE bytes"

start_server "$RUN/ceiling.log" "$CEILING" "$GET_SIZE" "$POST_SIZE" ||
	broken "the ceiling did not start (see $RUN/ceiling.log)"
CEILING_PID=$STARTED_PID
CEILING_URL=http://127.0.0.1:$STARTED_PORT
say "the libmicrohttpd ceiling is serving on $CEILING_URL (pid $CEILING_PID)"

# ---- load -------------------------------------------------------------------

declare -A RPS=() P50=() P99=() CPU=() # "server workload" -> space-separated values per round
PROBLEMS=()                        # what went wrong, for the report and the exit status
WARNINGS=()                        # socket errors and the like: reported, not fatal
posted=0                           # users Loket created, to describe the data folder

# One wrk run: server (loket|ceiling) workload (get|post) seconds tag record(0|1).
load() {
	local server=$1 workload=$2 secs=$3 tag=$4 record=$5 url out res
	local -a args=(-t"$THREADS" -c"$CONNS" -d"${secs}s" --latency -H "$AUTH")
	local pid cpu0
	if [ "$server" = loket ]; then
		url=$LOKET_URL pid=$LOKET_PID
	else
		url=$CEILING_URL pid=$CEILING_PID
	fi
	if [ "$workload" = get ]; then
		args+=(-s bench/get.lua "$url$GET_PATH")
	else
		args+=(-s bench/post_users.lua "$url$POST_PATH" -- "$tag")
	fi
	out=$RUN/wrk-$server-$workload-$tag.txt
	cpu0=$(cpu_ticks "$pid")
	# In the background so that a signal reaches the trap at once, not after wrk.
	timeout -k 5 $((secs + 60)) wrk "${args[@]}" >"$out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || broken "wrk failed on $server $workload (output: $(tail -n 3 "$out"))"
	WRK_PID=""
	local cpu1
	cpu1=$(cpu_ticks "$pid")
	res=$(grep '^wrk-result ' "$out") || broken "wrk printed no result line for $server $workload"
	local requests=0 duration_us=1 p50_us=0 p99_us=0 connect=0 read=0 write=0 timeout=0
	local status=0 unexpected=0 kv
	for kv in ${res#wrk-result }; do
		[[ $kv =~ ^[a-z0-9_]+=-?[0-9]+$ ]] && local "$kv"
	done
	[ "$requests" -gt 0 ] || PROBLEMS+=("$server $workload ($tag): no requests answered")
	if [ "$status" -gt 0 ] || [ "$unexpected" -gt 0 ]; then
		PROBLEMS+=("$server $workload ($tag): $status answers of 400 and above, $unexpected not 201")
	fi
	if [ $((connect + read + write + timeout)) -gt 0 ]; then
		WARNINGS+=("$server $workload ($tag): socket errors connect $connect, read $read, write $write, timeout $timeout")
	fi
	if [ "$server" = loket ] && [ "$workload" = post ] && [ "$unexpected" -ge 0 ]; then
		posted=$((posted + requests - unexpected))
	fi
	if [ "$record" = 1 ]; then
		local key="$server $workload"
		RPS[$key]+="$(awk -v n="$requests" -v d="$duration_us" 'BEGIN {printf "%.0f", n / (d / 1e6)}') "
		P50[$key]+="$(awk -v u="$p50_us" 'BEGIN {printf "%.2f", u / 1000}') "
		P99[$key]+="$(awk -v u="$p99_us" 'BEGIN {printf "%.2f", u / 1000}') "
		CPU[$key]+="$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$CLK_TCK" -v n="$requests" \
			'BEGIN {printf "%.1f", n ? (b - a) / hz * 1e6 / n : 0}') "
	fi
	LAST_REQUESTS=$requests
}

name_of() { if [ "$1" = loket ]; then echo Loket; else echo "the ceiling"; fi; }
what_of() { if [ "$1" = get ]; then echo "GET $GET_PATH"; else echo "POST $POST_PATH (new users)"; fi; }

LOAD_AVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
stamp=$(date +%s)
step=0 steps=$((2 * 2 * (ROUNDS + 1)))
for workload in get post; do
	for server in loket ceiling; do
		step=$((step + 1))
		say "[$step/$steps] warm-up: $(name_of $server), $(what_of $workload), ${SECONDS_WARM} s"
		load "$server" "$workload" "$SECONDS_WARM" "w$stamp$server" 0
	done
	for ((round = 1; round <= ROUNDS; round++)); do
		for server in loket ceiling; do
			step=$((step + 1))
			say "[$step/$steps] $(name_of $server), $(what_of $workload), round $round of $ROUNDS, ${SECONDS_RUN} s"
			load "$server" "$workload" "$SECONDS_RUN" "r$stamp$server$round" 1
			say "    $LAST_REQUESTS requests"
		done
	done
done
LOAD_AVG_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- memory and cold start ----------------------------------------------------

LOKET_RSS=$(peak_rss_kib "$LOKET_PID")
CEILING_RSS=$(peak_rss_kib "$CEILING_PID")
say "peak RSS: Loket $LOKET_RSS KiB, the ceiling $CEILING_RSS KiB"
stop_server "$LOKET_PID"
stop_server "$CEILING_PID"

# Sets COLD_MS: milliseconds from fork to "serving on", for one start on folder $1.
cold_start() {
	start_server "$RUN/cold.log" "$LOKET" serve --listen 127.0.0.1:0 --data "$1" \
		--log-requests=false || broken "Loket did not start on $1 (see $RUN/cold.log)"
	COLD_MS=$(awk -v a="$STARTED_T0" -v b="$STARTED_T1" 'BEGIN {printf "%.1f", (b - a) * 1000}')
	stop_server "$STARTED_PID"
}

COLD_FRESH=() COLD_EXISTING=()
for ((i = 1; i <= STARTS; i++)); do
	say "cold start $i of $STARTS on a fresh data folder"
	cold_start "$RUN/fresh$i"
	COLD_FRESH+=("$COLD_MS")
	say "cold start $i of $STARTS on the benchmark's data folder ($((posted + 2)) users)"
	cold_start "$DATA"
	COLD_EXISTING+=("$COLD_MS")
done

# ---- tickets ------------------------------------------------------------------

tickets_run
[ "$quick" = 1 ] || tickets_plot

# ---- report -----------------------------------------------------------------

say "writing $REPORT"

# "median (min–max)" of the values given, with a printf format for each.
range() {
	local fmt=$1 m lo hi
	shift
	read -r m lo hi < <(stats "$@")
	# shellcheck disable=SC2059 # the format is ours
	if [ $# -eq 1 ]; then
		printf "$fmt" "$m"
	else
		printf "$fmt ($fmt–$fmt)" "$m" "$lo" "$hi"
	fi
}
median() { stats "$@" | cut -d' ' -f1; }

# Loket/ceiling of the medians, and the range of the per-round ratios
# (round i of Loket against round i of the ceiling, measured back to back).
ratio() {
	local -a l c r=()
	read -ra l <<<"${RPS[loket $1]}"
	read -ra c <<<"${RPS[ceiling $1]}"
	local i
	for ((i = 0; i < ${#l[@]}; i++)); do
		r+=("$(awk -v a="${l[i]}" -v b="${c[i]}" 'BEGIN {printf "%.4f", b ? a / b : 0}')")
	done
	local lm cm
	lm=$(median "${l[@]}")
	cm=$(median "${c[@]}")
	RATIO=$(awk -v a="$lm" -v b="$cm" 'BEGIN {printf "%.2f", b ? a / b : 0}')
	read -r _ RATIO_LO RATIO_HI < <(stats "${r[@]}")
	RATIO_LO=$(printf '%.2f' "$RATIO_LO")
	RATIO_HI=$(printf '%.2f' "$RATIO_HI")
}

row() { # workload label
	local l c
	read -ra l <<<"${RPS[loket $1]}"
	read -ra c <<<"${RPS[ceiling $1]}"
	ratio "$1"
	# shellcheck disable=SC2086 # the value lists are words
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" \
		"$(range %.0f "${l[@]}")" "$(median ${P50[loket $1]})" "$(median ${P99[loket $1]})" \
		"$(range %.0f "${c[@]}")" "$(median ${P50[ceiling $1]})" "$(median ${P99[ceiling $1]})" \
		"$RATIO$([ ${#l[@]} -eq 1 ] || echo " ($RATIO_LO–$RATIO_HI)")"
}

cpu_row() { # workload label
	local l c
	# shellcheck disable=SC2086 # the value lists are words
	l=$(median ${CPU[loket $1]})
	# shellcheck disable=SC2086
	c=$(median ${CPU[ceiling $1]})
	printf '| %s | %.1f | %.1f | %s |\n' "$2" "$l" "$c" \
		"$(awk -v a="$l" -v b="$c" 'BEGIN {printf "%.1f×", b ? a / b : 0}')"
}

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
disk=$(df -hT "$DATA" | awk 'NR == 2 {printf "%s (%s), %s, %s free", $1, $2, $3, $5}')
mhd=$(pkg-config --modversion libmicrohttpd)
sqlite=$(pkg-config --modversion sqlite3 2>/dev/null || echo "?")
wrkv=$({ wrk -v 2>&1 || true; } | awk 'NR == 1 {print $2}')
if [ "$quick" = 1 ]; then kind="quick run (--quick): one short round, not for comparison"; else kind="full run"; fi

ratio get
GET_RATIO=$RATIO GET_RATIO_LO=$RATIO_LO GET_RATIO_HI=$RATIO_HI
if awk -v r="$GET_RATIO" 'BEGIN {exit !(r >= 0.5)}'; then
	verdict="at or above the aim in this run"
else
	verdict="below the aim in this run"
fi

{
	cat <<MD
# Loket benchmarks

Generated by \`bench/run.sh\` (\`make bench\`); how to run it and what each figure means:
[docs/benchmarks.md](docs/benchmarks.md). This is a $kind.

| | |
|---|---|
| date | $DATE |
| commit | $COMMIT |
| machine | $cpu, $(nproc) cores, $mem memory, $(uname -sr) |
| disk (data folder) | $disk |
| software | libmicrohttpd $mhd, SQLite $sqlite, wrk $wrkv; Loket built with CMAKE_BUILD_TYPE=Release |
| load average | $LOAD_AVG_BEFORE before the load runs, $LOAD_AVG_AFTER after |

**Read these figures as relative, not absolute.** This is a shared 2-core machine: wrk (the load
generator) and the server under test run on the same cores, and other work may run beside them.
The libmicrohttpd ceiling is measured in the same run, interleaved with Loket, so the ratio is
the figure to compare across runs.

## HTTP API

Command: \`wrk ${WRK_ARGS[*]} -H 'Authorization: Bearer …' [-s bench/post_users.lua] URL\`,
keep-alive, loopback, ${SECONDS_WARM} s warm-up per server and workload, then $ROUNDS
$([ "$ROUNDS" -eq 1 ] && echo round || echo rounds) interleaved (Loket, ceiling, Loket, ceiling, …). Requests per second are the median of the rounds
(min–max); p50 and p99 are wrk's latency percentiles in milliseconds, median of the rounds.
The ceiling is bench/ceiling.c: libmicrohttpd set up as Loket sets it up, answering a fixed body of
the same size and headers as Loket's answer ($GET_SIZE bytes for the GET, $POST_SIZE for the POST),
with no routing, authentication, database or JSON.

| figure | Loket req/s | Loket p50 ms | Loket p99 ms | libmicrohttpd ceiling req/s | ceiling p50 ms | ceiling p99 ms | Loket/ceiling |
|---|---|---|---|---|---|---|---|
MD
	row get "GET /api/v1/users/{id} (one user, bearer token)"
	row post "POST /api/v1/users (a new user per request)"
	cat <<MD

The servers' own CPU time per request (user + system, from /proc/PID/stat over each run, median
of the rounds) shows where the difference lies without wrk's share of the cores:

| figure | Loket CPU µs/request | ceiling CPU µs/request | Loket/ceiling |
|---|---|---|---|
MD
	cpu_row get "GET /api/v1/users/{id}"
	cpu_row post "POST /api/v1/users"
	cat <<MD

**Aim** (from the issue): the API's reads within 2× of the bare ceiling, that is a GET ratio of at
least 0.5. **Measured:** $GET_RATIO$([ "$ROUNDS" -eq 1 ] || echo " (per round $GET_RATIO_LO–$GET_RATIO_HI)"), $verdict.

The POST writes one user per request with its audit records, durably (SQLite, WAL,
synchronous=FULL), so it waits for the disk's fsync, which on this shared disk varies a lot
between rounds; its ceiling reads the request body and answers without writing anything, so the
POST ratio shows the cost of the write path, not of HTTP.

## Memory and start-up

| figure | Loket | libmicrohttpd ceiling |
|---|---|---|
| peak RSS (VmHWM after all the load runs) | $((LOKET_RSS / 1024)) MiB ($LOKET_RSS KiB) | $((CEILING_RSS / 1024)) MiB ($CEILING_RSS KiB) |
| cold start, fresh data folder (fork → "serving on" line, ms, median of $STARTS (min–max)) | $(range %.1f "${COLD_FRESH[@]}") | |
| cold start, existing data folder with $((posted + 2)) users (ms, median of $STARTS (min–max)) | $(range %.1f "${COLD_EXISTING[@]}") | |
MD
	tickets_report
	echo
	echo "## Errors"
	echo
	if [ ${#PROBLEMS[@]} -eq 0 ] && [ ${#WARNINGS[@]} -eq 0 ]; then
		echo "None: every answer was a 2xx (every POST a 201) and wrk saw no socket errors."
	else
		for p in "${PROBLEMS[@]}" "${WARNINGS[@]}"; do echo "- $p"; done
	fi
} >"$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"

say "done: $REPORT"
sed -n '/^| figure | Loket req/,/^$/p; /^\*\*Aim/,/^$/p; /^| figure | Loket |/,/^$/p;
	/^### SQLite/,/^$/p; /^| figure | aim/,/^$/p; /^\*\*Measured against/,/^$/p; /^| aim /,/^$/p' "$REPORT"
if [ ${#PROBLEMS[@]} -gt 0 ]; then
	broken "$(printf '%s; ' "${PROBLEMS[@]}")"
fi
[ "$check" = 0 ] || say "the harness works (figures are not checked)"
exit 0
