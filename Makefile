# Loket: make run | make check | make bench
# Everything is built with CMake into build/ (build-asan/, build-fuzz/ for the
# sanitizer and fuzzing builds); these targets are the front door.

BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory
DATA ?= ./loket-data
LISTEN ?= 127.0.0.1:8080

.PHONY: all build run check bench bench-peers format clean deps

all: build

deps:
	@scripts/deps.sh run

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build build -j$(JOBS)

run: build
	@echo "Starting Loket with demo data in $(DATA) (Ctrl-C stops it)"
	@./build/loket serve --data $(DATA) --listen $(LISTEN) --demo

check:
	@scripts/deps.sh check
	@tests/check.sh

bench:
	@scripts/deps.sh bench
	@bench/run.sh $(if $(QUICK),--quick)

bench-peers:
	@scripts/deps.sh bench
	@bench/run.sh --peers

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'tools/*.c' 'bench/*.c')

clean:
	rm -rf build build-asan build-fuzz tests/.tmp
