#!/usr/bin/env bash
# Every test, as 'make check' runs them: the build with warnings as errors,
# the unit tests, the API tests against the real binary on SQLite and on a
# real PostgreSQL server, all of it again under AddressSanitizer and
# UndefinedBehaviorSanitizer, the fuzzers for a short while, the formatting,
# and the benchmark harness once in quick mode. Ends with one line:
# "check: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TMP=$ROOT/tests/.tmp
JOBS=$(nproc)
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
mkdir -p "$TMP"

passed=0
failed=0
failures=()

# Adds a runner's counts from its output (node --test, ctest, our unit harness).
count() {
  local log=$1 name=$2 status=$3 p f
  p=$(grep -E '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
  f=$(grep -E '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
  if grep -qE 'tests passed, [0-9]+ tests failed out of' "$log"; then
    local total fails
    total=$(grep -oE 'out of [0-9]+' "$log" | tail -1 | awk '{print $3}')
    fails=$(grep -oE '[0-9]+ tests failed' "$log" | tail -1 | awk '{print $1}')
    p=$((p + total - fails)); f=$((f + fails))
  fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    # A step without a test runner counts as one test.
    if [ "$status" -eq 0 ]; then p=1; else f=1; fi
  elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
  fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$status" -ne 0 ] || [ "$f" -ne 0 ]; then failures+=("$name"); fi
  printf '%-44s %s passed, %s failed\n' "$name" "$p" "$f"
}

step() {
  local name=$1; shift
  local log="$TMP/$(echo "$name" | tr ' /:' '___').log"
  echo "== $name"
  "$@" >"$log" 2>&1
  local status=$?
  count "$log" "$name" "$status"
  if [ "$status" -ne 0 ]; then tail -n 60 "$log"; fi
  return 0
}

build() { # dir, extra cmake flags...
  local dir=$1; shift
  cmake -S . -B "$dir" "$@" >/dev/null && cmake --build "$dir" -j"$JOBS"
}

npm_deps() {
  [ -d tests/node_modules ] && [ tests/node_modules/.package-lock.json -nt tests/package-lock.json ] && return 0
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
}

api_tests() { # binary, [pg url]
  LOKET_BIN=$1 LOKET_TEST_PG_URL=${2:-} node --test --test-concurrency=1 tests/api/
}

unit_tests() { # build dir, [pg url]
  LOKET_TEST_PG_URL=${2:-} ctest --test-dir "$1" --output-on-failure -j"$JOBS"
}

fuzz() {
  local dir=$TMP/fuzz-corpus rc=0
  for t in build-fuzz/fuzz_*; do
    local name=${t##*/fuzz_}
    mkdir -p "$dir/$name"
    "$t" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 "$dir/$name" tests/fuzz/corpus/"$name" \
      >"$TMP/fuzz-$name.log" 2>&1 || { rc=1; tail -n 40 "$TMP/fuzz-$name.log"; }
    echo "fuzz $name: $(grep -oE 'Done [0-9]+ runs' "$TMP/fuzz-$name.log" || echo failed)"
  done
  return $rc
}

format_check() {
  clang-format --dry-run --Werror $(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'tools/*.c' 'bench/*.c')
}

PGDIR=$TMP/pg
tests/pgserver.sh stop "$PGDIR" >/dev/null 2>&1
PG_URL=$(tests/pgserver.sh start "$PGDIR") || { echo "cannot start PostgreSQL"; exit 1; }
trap 'tests/pgserver.sh stop "$PGDIR" >/dev/null 2>&1' EXIT

step "build (warnings are errors)" build build -DCMAKE_BUILD_TYPE=RelWithDebInfo
step "npm packages for the tests" npm_deps
step "unit tests" unit_tests build "$PG_URL"
step "API tests on SQLite" api_tests build/loket
step "API tests on PostgreSQL" api_tests build/loket "$PG_URL"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
step "build with ASan+UBSan" build build-asan -DCMAKE_BUILD_TYPE=Debug -DLOKET_SANITIZE=ON
step "unit tests under ASan+UBSan" unit_tests build-asan "$PG_URL"
step "API tests on SQLite under ASan+UBSan" api_tests build-asan/loket
step "API tests on PostgreSQL under ASan+UBSan" api_tests build-asan/loket "$PG_URL"
unset ASAN_OPTIONS UBSAN_OPTIONS

step "build the fuzzers (clang)" build build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DLOKET_SANITIZE=ON -DLOKET_FUZZ=ON
step "fuzz each parser for ${FUZZ_SECONDS}s" fuzz
step "formatting (clang-format)" format_check
step "benchmark harness (make bench QUICK=1)" bench/run.sh --quick --check

echo
[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
