#!/bin/sh
# A throwaway PostgreSQL server for tests.
#
#   tests/pgserver.sh start DIR   initdb into DIR/data, start a server on a free
#                                 port of 127.0.0.1, create the database
#                                 "loket" and print its URL (the only line on
#                                 stdout): postgres://loket@127.0.0.1:PORT/loket
#   tests/pgserver.sh stop DIR    stop that server and remove DIR
#
# Trust authentication and no fsync: never point this at data you care about.
# PostgreSQL refuses to run as root, so under root (CI) the server runs as the
# "postgres" system user and DIR is handed to it.
set -eu

first_port=55432
last_port=55532
wait_secs=30
marker=.loket-pgserver

die() {
	echo "pgserver: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 start|stop DIR" >&2
	exit 2
}

find_bindir() {
	if [ -x /usr/lib/postgresql/15/bin/postgres ]; then
		echo /usr/lib/postgresql/15/bin
	elif command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/postgres" ]; then
		pg_config --bindir
	else
		die "no PostgreSQL server binaries (install postgresql-15)"
	fi
}

# Runs a command as the user who owns the server: postgres under root.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_ctl() {
	as_owner "$bin/pg_ctl" -D "$dir/data" "$@"
}

port_in_use() {
	if command -v ss >/dev/null; then
		[ -n "$(ss -Htln "sport = :$1")" ]
	else
		"$bin/pg_isready" -q -h 127.0.0.1 -p "$1" -t 1
		[ $? -ne 2 ]
	fi
}

log_tail() {
	echo "--- last lines of $dir/log:" >&2
	tail -n 30 "$dir/log" >&2 2>/dev/null || true
}

server_pid() {
	head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true
}

# Waits until the server on port $1 accepts connections. Returns 1 at once
# if the postmaster died (e.g. someone took the port first), 2 on timeout.
# Asks through our own socket: on 127.0.0.1:$1 another server may answer.
wait_ready() {
	i=0
	while [ $i -lt $((wait_secs * 10)) ]; do
		if "$bin/pg_isready" -q -h "$dir" -p "$1" -t 1; then
			return 0
		fi
		pid=$(server_pid)
		if [ $i -gt 10 ] && { [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; }; then
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 2
}

# Starts the server on the first free port; retries on the next one when
# another process bound the port between our check and the server's bind.
start_server() {
	port=$first_port
	while [ $port -le $last_port ]; do
		if ! port_in_use $port; then
			opts="-c listen_addresses=127.0.0.1 -c port=$port"
			opts="$opts -c unix_socket_directories=$dir"
			opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
			rm -f "$dir/log"
			pg_ctl start -W -l "$dir/log" -o "$opts" >/dev/null ||
				{ log_tail; die "pg_ctl start failed"; }
			rc=0
			wait_ready $port || rc=$?
			[ $rc -eq 0 ] && return 0
			if [ $rc -eq 2 ]; then
				log_tail
				pg_ctl stop -m immediate >/dev/null 2>&1 || true
				die "the server did not accept connections within ${wait_secs}s"
			fi
			grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/log" ||
				{ log_tail; die "the server stopped while starting"; }
		fi
		port=$((port + 1))
	done
	die "no free port in $first_port-$last_port on 127.0.0.1"
}

start() {
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	case $dir in
	*[!A-Za-z0-9/._-]*) die "$dir: use a directory path without spaces or quotes" ;;
	esac
	# The server's socket path must fit in sun_path (107 bytes).
	[ ${#dir} -le 80 ] || die "$dir: path too long for a Unix socket directory"
	[ -e "$dir/data" ] && die "$dir/data exists: run '$0 stop $dir' first"
	touch "$dir/$marker"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the server as"
		chown -R postgres: "$dir"
		runuser -u postgres -- test -w "$dir" ||
			die "$dir: the postgres user cannot write here (a closed parent directory?)"
	fi
	# The owner may not be allowed into the caller's working directory.
	cd "$dir"
	as_owner "$bin/initdb" -D "$dir/data" -E UTF8 --locale=C --auth=trust -U loket \
		>"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		die "initdb failed"
	}
	start_server
	"$bin/createdb" -h "$dir" -p "$port" -U loket loket || {
		log_tail
		die "createdb failed"
	}
	echo "postgres://loket@127.0.0.1:$port/loket"
}

stop() {
	[ -d "$dir" ] || return 0
	dir=$(cd "$dir" && pwd)
	# Never remove a directory this script did not create.
	[ -e "$dir/$marker" ] || die "$dir was not made by $0; not touching it"
	cd /
	if [ -n "$(server_pid)" ]; then
		pg_ctl stop -m fast -w -t "$wait_secs" >/dev/null ||
			pg_ctl stop -m immediate -w >/dev/null 2>&1 || true
		pid=$(server_pid)
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			die "the server (pid $pid) in $dir did not stop"
		fi
	fi
	rm -rf "$dir"
}

[ $# -eq 2 ] || usage
dir=$2
bin=$(find_bindir)
case $1 in
start) start ;;
stop) stop ;;
*) usage ;;
esac
