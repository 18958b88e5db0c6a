# The ticket figures of bench/run.sh, which sources this file: data sets of
# generated tickets (bench/gen_tickets.c) on SQLite and PostgreSQL, cached
# under bench/.cache/sets/, and the ticket API loaded with wrk on a copy of
# each. It uses run.sh's settings and helpers (say, broken, start_server,
# stop_server, stats, cpu_ticks, peak_rss_kib, PROBLEMS, WARNINGS, RUN, ...).
# docs/benchmarks.md says what each figure means.
# shellcheck shell=bash disable=SC2153,SC2154 # run.sh's variables

# ---- settings -----------------------------------------------------------------

TK_READ_THREADS=2 TK_READ_CONNS=4 # reads: the time to answer, not a queue
TK_AGENT=bench-agent@x.example    # made by the generator, in the first 3 groups
if [ "$quick" = 1 ]; then
	read -ra TK_BACKENDS <<<"${BENCH_TICKET_BACKENDS:-sqlite}"
	read -ra TK_SIZES <<<"${BENCH_TICKET_SIZES:-2000}"
	TK_WRITE_SIZES=" ${TK_SIZES[*]} "
	TK_ROUNDS=1 TK_SECS=1 TK_WARM=0 TK_POST_SECS=1
else
	read -ra TK_BACKENDS <<<"${BENCH_TICKET_BACKENDS:-sqlite postgres}"
	read -ra TK_SIZES <<<"${BENCH_TICKET_SIZES:-10000 100000 1000000}"
	# Creation, memory and start-up at the smallest and the largest size.
	TK_WRITE_SIZES=" ${TK_SIZES[0]} ${TK_SIZES[-1]} "
	TK_ROUNDS=$ROUNDS TK_SECS=5 TK_WARM=1 TK_POST_SECS=10
fi
TK_BIG=${TK_SIZES[-1]}
TK_READS=(ticket comments queue queue_sorted search_common search_medium search_rare queues)
declare -A TK_LABEL=(
	[ticket]="one ticket: GET /api/v1/tickets/{id}"
	[comments]="its conversation: GET /api/v1/tickets/{id}/comments"
	[queue]="queue page: GET /api/v1/tickets?group_id=G&status=<open>&limit=50"
	[queue_sorted]="the same queue page, &sort=-updated_at"
	[search_common]="search, a common word: GET /api/v1/tickets?q=WORD&limit=20"
	[search_medium]="search, a medium word"
	[search_rare]="search, a rare word"
	[queues]="GET /api/v1/queues (the built-in queues with their counts)"
	[create]="creation: POST /api/v1/tickets, tickets/s"
)
declare -A TK_SHORT=([ticket]="one ticket" [comments]="its conversation" [queue]="queue page"
	[queue_sorted]="queue page by updated_at" [search_common]="search common"
	[search_medium]="search medium" [search_rare]="search rare" [queues]="queues")
declare -A TK_AIM_P99=([ticket]=5 [comments]=5 [queue]=20 [queue_sorted]=20 [search_common]=50
	[search_medium]=50 [search_rare]=50)
TK_AIM_CREATE=5000 # tickets/s, SQLite
TK_AIM_RSS_MB=100

declare -A TK_RPS=() TK_P50=() TK_P99=() TK_CPU=() # "backend size figure" -> values per round
declare -A TK_RSS=() TK_DBSIZE=() TK_COLD=() TK_SET=() TK_BUILT=() TK_WORDS=() TK_PLANS=()
declare -A PG_RUNNING=() # cluster folder -> 1, stopped by tk_cleanup
declare -A TK_KEY=()     # backend -> the key of its data sets in this run

# ---- PostgreSQL -----------------------------------------------------------------

PG_BIN=""
if [[ " ${TK_BACKENDS[*]} " == *" postgres "* ]]; then
	if [ -x /usr/lib/postgresql/15/bin/postgres ]; then
		PG_BIN=/usr/lib/postgresql/15/bin
	elif command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/postgres" ]; then
		PG_BIN=$(pg_config --bindir)
	else
		broken "no PostgreSQL server binaries (make bench installs them: scripts/deps.sh bench)"
	fi
fi

# PostgreSQL refuses to run as root: under root the clusters belong to the
# "postgres" system user.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_own() {
	[ "$(id -u)" -ne 0 ] || chown -R postgres: "$@"
}

port_in_use() {
	[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
}

# Starts the cluster in $1/data on a free port of 127.0.0.1 (TCP only), as
# $2: "load" (no fsync, minimal WAL, no autovacuum: a throwaway load that is
# only kept once it is complete and shut down cleanly) or "bench" (durable:
# fsync, synchronous_commit and full_page_writes on). Sets PG_URL.
pg_start() {
	local dir=$1 mode=$2 port opts
	opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c shared_buffers=512MB"
	opts+=" -c max_wal_size=4GB"
	if [ "$mode" = load ]; then
		opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
		opts+=" -c wal_level=minimal -c max_wal_senders=0 -c autovacuum=off"
	else
		opts+=" -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
	fi
	for ((port = 55600; port < 55700; port++)); do
		port_in_use "$port" && continue
		rm -f "$dir/log"
		PG_RUNNING[$dir]=1
		if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -o "$opts -c port=$port" \
			-w -t 60 start >/dev/null 2>&1; then
			PG_URL=postgres://loket@127.0.0.1:$port/loket PG_PORT=$port
			return 0
		fi
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
		unset "PG_RUNNING[$dir]"
		grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/log" 2>/dev/null ||
			return 1
	done
	return 1
}

pg_stop() {
	local dir=$1
	[ -n "${PG_RUNNING[$dir]:-}" ] || return 0
	as_pg "$PG_BIN/pg_ctl" -D "$dir/data" stop -m fast -w -t 60 >/dev/null 2>&1 ||
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" stop -m immediate -w >/dev/null 2>&1 || true
	unset "PG_RUNNING[$dir]"
}

# A new cluster in $1/data with the database "loket", started for loading.
pg_create() {
	local dir=$1
	mkdir -p "$dir"
	pg_own "$dir"
	as_pg "$PG_BIN/initdb" -D "$dir/data" -E UTF8 --locale=C --auth=trust -U loket \
		>"$dir/initdb.log" 2>&1 || return 1
	pg_start "$dir" load || return 1
	as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U loket loket 2>>"$dir/initdb.log"
}

pg_sql() { # url sql
	"$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2"
}

# Stops every cluster this run started and removes the copies of data sets
# (several GB); logs stay. Called by run.sh's trap.
tk_cleanup() {
	local dir
	for dir in "${!PG_RUNNING[@]}"; do
		pg_stop "$dir"
	done
	rm -rf "$RUN"/tk-*/data "$RUN"/tk-*/pg/data 2>/dev/null || true
}

# ---- data sets --------------------------------------------------------------------

# A data set is kept while the generator, the migrations and (for
# PostgreSQL) the server's version stay the same.
set_key() {
	{
		cat bench/gen_tickets.c src/store/migrations/*/*.sql
		echo "$1"
		[ "$1" != postgres ] || "$PG_BIN/postgres" --version
	} | sha256sum | cut -c1-12
}

# The keys of this run's data sets, taken right after the build (run.sh
# calls this): the sources may change while the run goes on, the binaries
# that made the data sets do not.
tk_keys() {
	local backend
	for backend in "${TK_BACKENDS[@]}"; do
		TK_KEY[$backend]=$(set_key "$backend")
	done
}

# Sets SET_DIR to the data set of $2 tickets on backend $1, building it first
# if the cache does not have it.
ensure_set() {
	local backend=$1 n=$2 key=${TK_KEY[$1]} tmp lock t0 old
	SET_DIR=$ROOT/$CACHE/sets/$backend-$n-$key
	[ -f "$SET_DIR/set.txt" ] && return 0
	mkdir -p "$CACHE/sets"
	exec {lock}>"$CACHE/sets/.lock"
	flock -w 3600 "$lock" || broken "another run holds $CACHE/sets/.lock for an hour"
	if [ -f "$SET_DIR/set.txt" ]; then
		exec {lock}>&-
		return 0
	fi
	say "building the $backend data set of $n tickets (cached in ${SET_DIR#"$ROOT/"})"
	tmp=$ROOT/$CACHE/sets/.tmp-$backend-$n-$key
	rm -rf "$tmp"
	mkdir -p "$tmp"
	t0=$EPOCHREALTIME
	if [ "$backend" = sqlite ]; then
		timeout 300 "$LOKET" migrate --data "$tmp/data" >>"$RUN/gen.log" 2>&1 ||
			broken "loket migrate failed (see $RUN/gen.log)"
		timeout 3600 "$GEN" sqlite "$tmp/data/loket.db" "$n" "$tmp/set.txt" ||
			broken "the generator failed on SQLite"
	else
		pg_create "$tmp/pg" || broken "could not create a PostgreSQL cluster (see $tmp/pg/*.log)"
		timeout 300 "$LOKET" migrate --db "$PG_URL" --data "$tmp/files" >>"$RUN/gen.log" 2>&1 ||
			broken "loket migrate failed on PostgreSQL (see $RUN/gen.log)"
		timeout 3600 "$GEN" postgres "$PG_URL" "$n" "$tmp/set.txt" ||
			broken "the generator failed on PostgreSQL"
		pg_stop "$tmp/pg"
		rm -rf "$tmp/files"
	fi
	awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "build_seconds %.1f\n", b - a}' \
		>>"$tmp/set.txt"
	for old in "$ROOT/$CACHE/sets/$backend-$n-"*; do
		[ "$old" = "$SET_DIR" ] || rm -rf "$old"
	done
	mv "$tmp" "$SET_DIR"
	exec {lock}>&-
	TK_BUILT["$backend $n"]=1
}

set_value() { # key: the rest of its line in set.txt
	awk -v k="$1" '$1 == k {$1 = ""; sub(/^ /, ""); print; exit}' "$SET_DIR/set.txt"
}

# ---- one data set under load ----------------------------------------------------------

# A copy of the data set to load (the creation runs write to it), its server
# for PostgreSQL, and a token of the benchmark's agent. Sets TK_WORK,
# TK_DB_ARGS, TK_TOKEN and TK_DBSIZE (bytes of the data set on disk).
tk_prepare() {
	local backend=$1 n=$2
	TK_WORK=$RUN/tk-$backend-$n
	mkdir -p "$TK_WORK"
	say "copying the data set to ${TK_WORK#"$ROOT/"}"
	if [ "$backend" = sqlite ]; then
		cp -r "$SET_DIR/data" "$TK_WORK/data"
		TK_DB_ARGS=(--data "$TK_WORK/data")
		TK_DBSIZE["$backend $n"]=$(cat "$TK_WORK/data"/loket.db* | wc -c)
	else
		chmod 755 "$RUN" "$TK_WORK" # the server's user reads its folder here
		cp -a "$SET_DIR/pg" "$TK_WORK/pg"
		pg_start "$TK_WORK/pg" bench || broken "PostgreSQL did not start (see $TK_WORK/pg/log)"
		TK_DB_ARGS=(--data "$TK_WORK/files" --db "$PG_URL")
		TK_DBSIZE["$backend $n"]=$(pg_sql "$PG_URL" "SELECT pg_database_size('loket')")
	fi
	TK_TOKEN=$(timeout 60 "$LOKET" token create --user "$TK_AGENT" "${TK_DB_ARGS[@]}" \
		2>>"$RUN/loket.log" | awk '{w = $NF} END {print w}')
	[ -n "$TK_TOKEN" ] || broken "loket token create printed no token for $TK_AGENT"
}

tk_serve() {
	start_server "$RUN/tk-loket.log" "$LOKET" serve --listen 127.0.0.1:0 "${TK_DB_ARGS[@]}" \
		--log-requests=false --jobs-interval 86400 ||
		broken "Loket did not start on the ticket data (see $RUN/tk-loket.log)"
	TK_PID=$STARTED_PID
	TK_URL=http://127.0.0.1:$STARTED_PORT
}

# The path a read figure asks for (one of them, for the probe), and the
# arguments of bench/get_tickets.lua.
tk_read_args() {
	local fig=$1 first last groups
	first=$(set_value first_ticket) last=$(set_value last_ticket)
	groups=$(set_value groups | tr ' ' ',')
	case $fig in
	ticket | comments) TK_ARGS=("$fig" "$first" "$last") ;;
	queue | queue_sorted) TK_ARGS=("$fig" "$groups") ;;
	search_*)
		local word
		word=$(set_value "word_${fig#search_}" | cut -d' ' -f1)
		[ -n "$word" ] || broken "the data set names no ${fig#search_} word"
		TK_ARGS=(search "$word")
		;;
	queues) TK_ARGS=(queues) ;;
	esac
	local open="status=new,assigned,in_progress,pending" g=${groups%%,*}
	case $fig in
	ticket) TK_PROBE="/api/v1/tickets/$last" ;;
	comments) TK_PROBE="/api/v1/tickets/$last/comments" ;;
	queue) TK_PROBE="/api/v1/tickets?group_id=$g&$open&limit=50" ;;
	queue_sorted) TK_PROBE="/api/v1/tickets?group_id=$g&$open&sort=-updated_at&limit=50" ;;
	search_*) TK_PROBE="/api/v1/tickets?q=${TK_ARGS[1]}&limit=20" ;;
	queues) TK_PROBE=/api/v1/queues ;;
	esac
}

# One GET of each read figure: a 200 with something in it, or the harness is
# measuring the wrong thing.
tk_probe() {
	local backend=$1 n=$2 fig out code
	for fig in "${TK_READS[@]}"; do
		tk_read_args "$fig"
		out=$(curl -sS --max-time 60 -o "$RUN/probe.json" -w '%{http_code}' \
			-H "Authorization: Bearer $TK_TOKEN" "$TK_URL$TK_PROBE") || out=000
		code=$out
		if [ "$code" != 200 ]; then
			PROBLEMS+=("$backend $n: GET $TK_PROBE answered $code")
		elif [[ $fig != ticket ]] && ! grep -q '"items":\[{' "$RUN/probe.json"; then
			PROBLEMS+=("$backend $n: GET $TK_PROBE found nothing")
		fi
	done
}

# One wrk run: key ("backend size figure") seconds record(0|1) connections
# script args...; records req/s, p50, p99 and Loket's CPU per request.
tk_load() {
	local key=$1 secs=$2 record=$3 conns=$4 script=$5 out res cpu0 cpu1
	shift 5
	TK_NRUN=$((${TK_NRUN:-0} + 1))
	out=$RUN/wrk-tk-$TK_NRUN-${key// /-}.txt
	cpu0=$(cpu_ticks "$TK_PID")
	timeout -k 5 $((secs + 120)) wrk -t"$TK_READ_THREADS" -c"$conns" -d"${secs}s" --latency --timeout 30s \
		-H "Authorization: Bearer $TK_TOKEN" -s "$script" "$TK_URL/" -- "$@" >"$out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || broken "wrk failed on $key (output: $(tail -n 3 "$out"))"
	WRK_PID=""
	cpu1=$(cpu_ticks "$TK_PID")
	res=$(grep '^wrk-result ' "$out") || broken "wrk printed no result line for $key"
	local requests=0 duration_us=1 p50_us=0 p99_us=0 connect=0 read=0 write=0 timeout=0
	local status=0 unexpected=0 kv
	for kv in ${res#wrk-result }; do
		[[ $kv =~ ^[a-z0-9_]+=-?[0-9]+$ ]] && local "$kv"
	done
	# A warm-up shorter than one slow answer may see none.
	[ "$requests" -gt 0 ] || [ "$record" = 0 ] || PROBLEMS+=("$key: no requests answered")
	if [ "$status" -gt 0 ] || [ "$unexpected" -gt 0 ]; then
		PROBLEMS+=("$key: $status answers of 400 and above, $unexpected unexpected")
	fi
	if [ $((connect + read + write + timeout)) -gt 0 ]; then
		WARNINGS+=("$key: socket errors connect $connect, read $read, write $write, timeout $timeout")
	fi
	LAST_REQUESTS=$requests
	[ "$record" = 1 ] || return 0
	TK_RPS[$key]+="$(awk -v n="$requests" -v d="$duration_us" 'BEGIN {printf "%.0f", n / (d / 1e6)}') "
	TK_P50[$key]+="$(awk -v u="$p50_us" 'BEGIN {printf "%.2f", u / 1000}') "
	TK_P99[$key]+="$(awk -v u="$p99_us" 'BEGIN {printf "%.2f", u / 1000}') "
	TK_CPU[$key]+="$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$CLK_TCK" -v n="$requests" \
		'BEGIN {printf "%.1f", n ? (b - a) / hz * 1e6 / n : 0}') "
}

# The search as Loket runs it (src/store/list.c, a prepared statement),
# explained after six executions, when PostgreSQL may have switched to a
# generic plan as it does on Loket's connections.
tk_explain() {
	local backend=$1 n=$2 class word sql
	for class in common medium rare; do
		word=$(set_value "word_$class" | cut -d' ' -f1)
		if [ "$backend" = postgres ]; then
			sql="PREPARE q(text) AS SELECT * FROM tickets WHERE 1 = 1 AND id IN"
			sql+=" (SELECT ticket_id FROM ticket_text WHERE doc @@ plainto_tsquery('simple', \$1))"
			sql+=" ORDER BY id DESC LIMIT 21;"
			sql+=" EXECUTE q('$word'); EXECUTE q('$word'); EXECUTE q('$word');"
			sql+=" EXECUTE q('$word'); EXECUTE q('$word'); EXECUTE q('$word');"
			sql+=" EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE q('$word')"
			TK_PLANS["$backend $n $class"]=$(timeout 120 "$PG_BIN/psql" -X -q -At "$PG_URL" \
				-c "$sql" 2>&1 | sed -n '/Limit/,$p') || true
		elif command -v sqlite3 >/dev/null; then
			sql="SELECT * FROM tickets WHERE 1 = 1 AND id IN (SELECT ticket_id FROM"
			sql+=" ticket_text WHERE ticket_text MATCH '\"$word\"') ORDER BY id DESC LIMIT 21"
			TK_PLANS["$backend $n $class"]=$(printf '.timer on\nEXPLAIN QUERY PLAN %s;\nSELECT count(*) FROM (%s);\n' \
				"$sql" "$sql" | timeout 120 sqlite3 -readonly "$TK_WORK/data/loket.db" 2>&1) || true
		fi
	done
}

# Every figure on one data set.
tk_run() {
	local backend=$1 n=$2 fig round key groups warm=$TK_WARM
	say "---- tickets: $backend, $n tickets"
	ensure_set "$backend" "$n"
	TK_SET["$backend $n"]="$(set_value tickets) $(set_value replies) $(set_value seconds) $(set_value build_seconds)"
	TK_WORDS["$backend $n"]="$(set_value word_common) $(set_value word_medium) $(set_value word_rare)"
	tk_prepare "$backend" "$n"
	tk_serve
	say "Loket is serving the $n tickets on $TK_URL (pid $TK_PID)"
	tk_probe "$backend" "$n"
	for ((round = 0; round <= TK_ROUNDS; round++)); do
		[ "$round" -gt 0 ] || [ "$warm" -gt 0 ] || continue
		for fig in "${TK_READS[@]}"; do
			tk_read_args "$fig"
			key="$backend $n $fig"
			if [ "$round" = 0 ]; then
				say "  warm-up: ${TK_SHORT[$fig]}, $warm s"
				tk_load "$key" "$warm" 0 "$TK_READ_CONNS" bench/get_tickets.lua "${TK_ARGS[@]}"
			else
				tk_load "$key" "$TK_SECS" 1 "$TK_READ_CONNS" bench/get_tickets.lua "${TK_ARGS[@]}"
				say "  round $round of $TK_ROUNDS: ${TK_SHORT[$fig]}, $LAST_REQUESTS requests in $TK_SECS s"
			fi
		done
	done
	[ "$n" != "$TK_BIG" ] || tk_explain "$backend" "$n"
	if [[ $TK_WRITE_SIZES == *" $n "* ]]; then
		groups=$(set_value groups | tr ' ' ',')
		key="$backend $n create"
		if [ "$warm" -gt 0 ]; then
			say "  warm-up: creation, $warm s"
			tk_load "$key" "$warm" 0 "$CONNS" bench/post_tickets.lua "w$EPOCHSECONDS" "$groups"
		fi
		for ((round = 1; round <= TK_ROUNDS; round++)); do
			tk_load "$key" "$TK_POST_SECS" 1 "$CONNS" bench/post_tickets.lua \
				"r$EPOCHSECONDS.$round" "$groups"
			say "  round $round of $TK_ROUNDS: creation, $LAST_REQUESTS tickets in $TK_POST_SECS s"
		done
	fi
	TK_RSS["$backend $n"]=$(peak_rss_kib "$TK_PID")
	stop_server "$TK_PID"
	if [ "$n" = "$TK_BIG" ]; then
		local starts=() i
		for ((i = 1; i <= STARTS; i++)); do
			start_server "$RUN/tk-cold.log" "$LOKET" serve --listen 127.0.0.1:0 "${TK_DB_ARGS[@]}" \
				--log-requests=false --jobs-interval 86400 ||
				broken "Loket did not start on the ticket data (see $RUN/tk-cold.log)"
			starts+=("$(awk -v a="$STARTED_T0" -v b="$STARTED_T1" 'BEGIN {printf "%.1f", (b - a) * 1000}')")
			stop_server "$STARTED_PID"
		done
		TK_COLD["$backend $n"]="${starts[*]}"
	fi
	[ "$backend" != postgres ] || pg_stop "$TK_WORK/pg"
	rm -rf "$TK_WORK/data" "$TK_WORK/pg/data"
}

tickets_run() {
	local backend n
	GEN=$ROOT/$BUILD/gen_tickets
	TK_LOAD_AVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
	for backend in "${TK_BACKENDS[@]}"; do
		for n in "${TK_SIZES[@]}"; do
			tk_run "$backend" "$n"
		done
	done
	TK_LOAD_AVG_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
}

# ---- report ------------------------------------------------------------------------

tk_name() { if [ "$1" = sqlite ]; then echo SQLite; else echo PostgreSQL; fi; }
tk_size() { awk -v n="$1" 'BEGIN {if (n >= 1e6 && n % 1e6 == 0) printf "%dM", n / 1e6; else if (n >= 1000 && n % 1000 == 0) printf "%dk", n / 1000; else print n}'; }
tk_num() { awk -v n="$1" 'BEGIN {s = sprintf("%.0f", n); r = ""; while (length(s) > 3) {r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3)}; print s r}'; }
tk_bytes() { awk -v b="$1" 'BEGIN {if (b >= 1e9) printf "%.2f GB", b / 1e9; else printf "%.0f MB", b / 1e6}'; }

# "median (min–max)" of a list, or the value alone for one round.
tk_range() {
	local fmt=$1 m lo hi
	shift
	[ $# -gt 0 ] || {
		echo "–"
		return
	}
	read -r m lo hi < <(stats "$@")
	# shellcheck disable=SC2059 # the format is ours
	if [ $# -eq 1 ]; then printf "$fmt" "$m"; else printf "$fmt ($fmt–$fmt)" "$m" "$lo" "$hi"; fi
}

tk_median() {
	[ $# -gt 0 ] || return 0
	stats "$@" | cut -d' ' -f1
}

# A cell of the summary: "p50 / p99 (p99 min–max)" for a read, tickets/s for creation.
tk_cell() {
	local key=$1 fig=${1##* } p50 p99
	[ -n "${TK_RPS[$key]:-}" ] || {
		echo "–"
		return
	}
	if [ "$fig" = create ]; then
		# shellcheck disable=SC2086 # the value lists are words
		tk_range %.0f ${TK_RPS[$key]}
		return
	fi
	# shellcheck disable=SC2086
	p50=$(tk_median ${TK_P50[$key]})
	# shellcheck disable=SC2086
	p99=$(tk_range %.2f ${TK_P99[$key]})
	echo "$p50 / $p99"
}

# "met" or "missed" for a measured value against an aim: value aim (le|ge).
tk_verdict() {
	awk -v v="$1" -v a="$2" -v op="$3" 'BEGIN {ok = op == "le" ? v <= a : v >= a; print ok ? "met" : "**missed**"}'
}

tickets_report() {
	local backend n fig key cells aim v row worst
	local sizes_head="" sizes_sep=""
	for n in "${TK_SIZES[@]}"; do
		sizes_head+=" $(tk_num "$n") tickets |"
		sizes_sep+="---|"
	done
	cat <<MD

## Tickets

Every figure below runs on a copy of a generated data set (\`bench/gen_tickets.c\`, cached in
\`bench/.cache/sets/\`): tickets spread over three years with 1–4 replies each, written straight
into the database with its full-text index; the data sets are described at the end of this
section. Reads use \`wrk -t$TK_READ_THREADS -c$TK_READ_CONNS\` (4 connections: enough to keep both of Loket's worker
threads busy, few enough that a latency is the time to answer rather than the wait in a queue of
64) with \`bench/get_tickets.lua\`, ${TK_SECS} s per round; creation uses \`wrk -t$THREADS -c$CONNS\` with
\`bench/post_tickets.lua\` (Loket commits concurrent writes together, so it needs concurrency),
${TK_POST_SECS} s per round, after the reads. $TK_ROUNDS $([ "$TK_ROUNDS" -eq 1 ] && echo round || echo rounds), interleaved over the figures; a latency cell is
"p50 / p99 (min–max of the rounds' p99)" in milliseconds, medians of the rounds. The token is
an agent's (\`$TK_AGENT\`, a member of 3 of the 10 groups). Load average: $TK_LOAD_AVG_BEFORE before the ticket runs,
$TK_LOAD_AVG_AFTER after.
MD
	if [[ " ${TK_BACKENDS[*]} " == *" postgres "* ]]; then
		cat <<MD

PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') runs on 127.0.0.1 in a cluster of this benchmark's own (not
\`tests/pgserver.sh\`, whose settings are for tests: fsync off), started with **fsync,
synchronous_commit and full_page_writes on**, \`shared_buffers=512MB\`, \`max_wal_size=4GB\`,
otherwise the defaults; Loket reaches it over TCP on loopback.
MD
	fi
	for backend in "${TK_BACKENDS[@]}"; do
		echo
		echo "### $(tk_name "$backend")"
		echo
		echo "| figure | aim |$sizes_head"
		echo "|---|---|$sizes_sep"
		for fig in "${TK_READS[@]}" create; do
			aim="–"
			[ -z "${TK_AIM_P99[$fig]:-}" ] || aim="p99 ≤ ${TK_AIM_P99[$fig]} ms"
			[ "$fig" != create ] || [ "$backend" != sqlite ] || aim="≥ $(tk_num $TK_AIM_CREATE)/s"
			cells=""
			for n in "${TK_SIZES[@]}"; do
				cells+=" $(tk_cell "$backend $n $fig") |"
			done
			echo "| ${TK_LABEL[$fig]} | $aim |$cells"
		done
		cells=""
		for n in "${TK_SIZES[@]}"; do
			v=${TK_RSS["$backend $n"]:-}
			cells+=" $([ -n "$v" ] && awk -v k="$v" 'BEGIN {printf "%.0f MB", k * 1024 / 1e6}' || echo –) |"
		done
		echo "| Loket's peak RSS (VmHWM after the size's runs) | ≤ $TK_AIM_RSS_MB MB |$cells"
		cells=""
		for n in "${TK_SIZES[@]}"; do
			cells+=" $(tk_bytes "${TK_DBSIZE["$backend $n"]}") |"
		done
		echo "| database on disk (the data set, before the creation runs) | – |$cells"
		cells=""
		for n in "${TK_SIZES[@]}"; do
			v=${TK_COLD["$backend $n"]:-}
			# shellcheck disable=SC2086 # the value lists are words
			cells+=" $([ -n "$v" ] && echo "$(tk_range %.1f $v) ms" || echo –) |"
		done
		echo "| cold start (fork → \"serving on\", median of $STARTS (min–max)) | – |$cells"
	done

	# Measured against the aims, at each size that has the figure.
	echo
	echo "**Measured against the aims** (from the medians above):"
	echo
	local head="" sep=""
	for backend in "${TK_BACKENDS[@]}"; do
		for n in "${TK_SIZES[@]}"; do
			[[ $TK_WRITE_SIZES == *" $n "* ]] || continue
			head+=" $(tk_name "$backend") $(tk_size "$n") |"
			sep+="---|"
		done
	done
	echo "| aim |$head"
	echo "|---|$sep"
	local aims=("creation ≥ $(tk_num $TK_AIM_CREATE) tickets/s (SQLite)|create|ge|$TK_AIM_CREATE"
		"one ticket p99 ≤ 5 ms (the ticket and its conversation, the slower)|ticket comments|le|5"
		"queue page p99 ≤ 20 ms (both orders, the slower)|queue queue_sorted|le|20"
		"search p99 ≤ 50 ms (the slowest of the three words)|search_common search_medium search_rare|le|50"
		"peak RSS ≤ $TK_AIM_RSS_MB MB|rss|le|$TK_AIM_RSS_MB")
	local a label figs op limit f
	for a in "${aims[@]}"; do
		IFS='|' read -r label figs op limit <<<"$a"
		row="| $label |"
		for backend in "${TK_BACKENDS[@]}"; do
			for n in "${TK_SIZES[@]}"; do
				[[ $TK_WRITE_SIZES == *" $n "* ]] || continue
				if [ "$figs" = create ] && [ "$backend" != sqlite ]; then
					# shellcheck disable=SC2086
					row+=" $(tk_median ${TK_RPS["$backend $n create"]:-}) (no aim) |"
					continue
				fi
				if [ "$figs" = rss ]; then
					v=$(awk -v k="${TK_RSS["$backend $n"]:-0}" 'BEGIN {printf "%.0f", k * 1024 / 1e6}')
					row+=" $v MB: $(tk_verdict "$v" "$limit" "$op") |"
					continue
				fi
				worst=""
				for f in $figs; do
					key="$backend $n $f"
					if [ "$f" = create ]; then
						# shellcheck disable=SC2086
						v=$(tk_median ${TK_RPS[$key]:-})
					else
						# shellcheck disable=SC2086
						v=$(tk_median ${TK_P99[$key]:-})
					fi
					[ -n "$v" ] || continue
					if [ -z "$worst" ] || awk -v a="$v" -v b="$worst" 'BEGIN {exit !(a > b)}'; then
						worst=$v
					fi
				done
				if [ -z "$worst" ]; then
					row+=" – |"
				elif [ "$f" = create ]; then
					row+=" $worst/s: $(tk_verdict "$worst" "$limit" "$op") |"
				else
					row+=" $worst ms: $(tk_verdict "$worst" "$limit" "$op") |"
				fi
			done
		done
		echo "$row"
	done

	if [ "$quick" = 0 ] && [ -f bench/growth.svg ]; then
		cat <<MD

### Growth

Each read's p99 (median of the rounds) at $(for n in "${TK_SIZES[@]}"; do printf '%s, ' "$(tk_num "$n")"; done | sed 's/, $//') tickets; both axes
logarithmic, dashed lines at the aims (5, 20 and 50 ms):

![p99 of each read by the number of tickets, SQLite and PostgreSQL](bench/growth.svg)
MD
	fi

	echo
	echo "### Every run"
	echo
	echo "Median of the rounds (min–max); Loket's own CPU time per request (PostgreSQL's is not in it)."
	echo
	echo "| database | tickets | figure | req/s | p50 ms | p99 ms | Loket CPU µs/request |"
	echo "|---|---|---|---|---|---|---|"
	for backend in "${TK_BACKENDS[@]}"; do
		for n in "${TK_SIZES[@]}"; do
			for fig in "${TK_READS[@]}" create; do
				key="$backend $n $fig"
				[ -n "${TK_RPS[$key]:-}" ] || continue
				# shellcheck disable=SC2086 # the value lists are words
				echo "| $(tk_name "$backend") | $(tk_num "$n") | ${TK_SHORT[$fig]:-creation} | $(tk_range %.0f ${TK_RPS[$key]}) | $(tk_range %.2f ${TK_P50[$key]}) | $(tk_range %.2f ${TK_P99[$key]}) | $(tk_median ${TK_CPU[$key]}) |"
			done
		done
	done

	echo
	echo "### Data sets"
	echo
	echo "Made by \`bench/gen_tickets.c\` (what it writes is described at its top; no audit journal), the same for"
	echo "the same size apart from the dates. The search words are picked by the generator: the letter-only"
	echo "word nearest to 25 % of the tickets (common) and to 2 % (medium), the word nearest to 0.02 % (rare)."
	echo
	echo "| database | tickets | replies | on disk | built in | search words (tickets containing each) |"
	echo "|---|---|---|---|---|---|"
	local t r b wc cc wm cm wr cr
	for backend in "${TK_BACKENDS[@]}"; do
		for n in "${TK_SIZES[@]}"; do
			read -r t r _ b <<<"${TK_SET["$backend $n"]}"
			read -r wc cc wm cm wr cr <<<"${TK_WORDS["$backend $n"]}"
			echo "| $(tk_name "$backend") | $(tk_num "$t") | $(tk_num "$r") | $(tk_bytes "${TK_DBSIZE["$backend $n"]}") | ${b} s$([ -n "${TK_BUILT["$backend $n"]:-}" ] && echo " (this run)" || echo " (cached)") | $wc ($(tk_num "$cc")), $wm ($(tk_num "$cm")), $wr ($(tk_num "$cr")) |"
		done
	done

	local any=0 class
	for backend in "${TK_BACKENDS[@]}"; do
		for class in common medium rare; do
			[ -n "${TK_PLANS["$backend $TK_BIG $class"]:-}" ] || continue
			if [ "$any" = 0 ]; then
				echo
				echo "### Search plans at $(tk_num "$TK_BIG") tickets"
				echo
				echo "The search as Loket runs it (\`src/store/list.c\`). PostgreSQL: EXPLAIN ANALYZE of the prepared"
				echo "statement after six executions (Loket's connections keep theirs prepared). SQLite: the plan"
				echo "and the time the sqlite3 shell takes to run the query."
				any=1
			fi
			echo
			echo "$(tk_name "$backend"), $class word \`$(set_value_of "$backend" "$class")\`:"
			echo
			echo '```'
			echo "${TK_PLANS["$backend $TK_BIG $class"]}"
			echo '```'
		done
	done
}

set_value_of() { # backend class: the word of that class at the biggest size
	local w
	read -r -a w <<<"${TK_WORDS["$1 $TK_BIG"]}"
	case $2 in
	common) echo "${w[0]}" ;;
	medium) echo "${w[2]}" ;;
	rare) echo "${w[4]}" ;;
	esac
}

# bench/growth.svg: each read's p99 by size, one panel per database.
tickets_plot() {
	local backend n fig dat=$RUN/growth
	command -v gnuplot >/dev/null || {
		WARNINGS+=("gnuplot is missing: bench/growth.svg not made (scripts/deps.sh bench installs it)")
		return 0
	}
	for backend in "${TK_BACKENDS[@]}"; do
		{
			printf 'tickets'
			for fig in "${TK_READS[@]}"; do printf '\t"%s"' "${TK_SHORT[$fig]}"; done
			printf '\n'
			for n in "${TK_SIZES[@]}"; do
				printf '%s' "$n"
				for fig in "${TK_READS[@]}"; do
					# shellcheck disable=SC2086
					printf '\t%s' "$(tk_median ${TK_P99["$backend $n $fig"]:-})"
				done
				printf '\n'
			done
		} >"$dat.$backend"
	done
	local panels=${#TK_BACKENDS[@]} plots="" xtics="" yrange
	# One scale for every panel, so that the databases compare at a glance.
	yrange=$(for backend in "${TK_BACKENDS[@]}"; do cat "$dat.$backend"; done | awk 'NR > 1 && $1 ~ /^[0-9]/ {for (i = 2; i <= NF; i++) if ($i != "") {
		if (lo == "" || $i < lo) lo = $i; if (hi == "" || $i > hi) hi = $i}}
		END {printf "[%g:%g]", (lo > 0 ? lo : 1) / 1.5, (hi > 0 ? hi : 10) * 1.5}')
	for n in "${TK_SIZES[@]}"; do xtics+="\"$(tk_size "$n")\" $n, "; done
	for backend in "${TK_BACKENDS[@]}"; do
		plots+="set title '$(tk_name "$backend")'
plot for [i=2:$((${#TK_READS[@]} + 1))] '$dat.$backend' using 1:i with linespoints lw 1.5 pt 7 ps 0.6 title columnheader(i), \\
     5 with lines dt 2 lc rgb '#888888' notitle, 20 with lines dt 2 lc rgb '#888888' notitle, \\
     50 with lines dt 2 lc rgb '#888888' notitle
"
	done
	cat >"$RUN/growth.gp" <<GP
set terminal svg size $((panels * 460 + 40)),470 font 'sans,11' background rgb 'white' noenhanced
set output 'bench/growth.svg.tmp'
set multiplot layout 1,$panels title 'p99 of each read (ms) by the number of tickets'
set logscale xy
set yrange $yrange
set xrange [${TK_SIZES[0]} * 0.7:${TK_SIZES[-1]} * 1.4]
set xtics (${xtics%, })
set ytics nomirror
set grid xtics ytics lc rgb '#dddddd'
set key below horizontal maxcols 2 font ',9' samplen 1.5 width -5
set ylabel 'p99 ms'
do for [a in "5 20 50"] {
  set label 'aim '.a.' ms' at graph 0.99, first a*1.0 right offset 0,0.45 font ',8' tc rgb '#888888'
}
$plots
unset multiplot
GP
	gnuplot "$RUN/growth.gp" >"$RUN/gnuplot.log" 2>&1 ||
		WARNINGS+=("gnuplot failed: bench/growth.svg not made (see $RUN/gnuplot.log)")
	[ ! -s bench/growth.svg.tmp ] || mv bench/growth.svg.tmp bench/growth.svg
	rm -f bench/growth.svg.tmp
}
