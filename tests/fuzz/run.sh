#!/bin/sh
# Run each fuzz target of BUILD (configured with -Dfuzz=enabled, see
# tests/fuzz/meson.build) for SECONDS, from its seed corpus, and print what
# it did: executions, executions per second, corpus size, peak memory.
#
#   tests/fuzz/run.sh BUILD [SECONDS] [TARGET...]
#
# New inputs go to a scratch folder (the seeds are not touched); a crash or
# a memory blow-up (over 1 GB) is kept as BUILD/fuzz-artifacts/TARGET-*,
# to be added to tests/fuzz/corpus/TARGET/ as crash-NAME once fixed.
# Exit status 1 when a target crashed.
set -u
build=${1:?usage: tests/fuzz/run.sh BUILD [SECONDS] [TARGET...]}
secs=${2:-30}
shift; [ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
targets=${*:-"publiccode forge_pages link license spdx accounts pktline pack"}
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
status=0
printf '%-12s %10s %8s %10s %8s %8s %s\n' target executions seconds "exec/s" seeds corpus "peak RSS"
for t in $targets; do
	bin="$build/tests/fuzz/fuzz_$t"
	if [ ! -x "$bin" ]; then
		echo "$t: $bin is not built (meson setup -Dfuzz=enabled, ninja fuzz)" >&2
		status=1
		continue
	fi
	work=$(mktemp -d)
	log=$(mktemp)
	seeds=$(ls "$here/corpus/$t" | wc -l)
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=20 \
		-rss_limit_mb=1024 -artifact_prefix="$artifacts/$t-" \
		"$work" "$here/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
	corpus=$(( $(ls "$work" | wc -l) + seeds ))
	printf '%-12s %10s %8s %10s %8s %8s %s MB\n' "$t" "${runs:-?}" "$secs" \
		"${rate:-?}" "$seeds" "$corpus" "${rss:-?}"
	if [ $rc -ne 0 ]; then
		echo "$t: the fuzzer stopped (exit $rc); its report:" >&2
		grep -E "ERROR|SUMMARY|==[0-9]+==|Test unit written" "$log" | head -20 >&2
		status=1
	fi
	rm -rf "$work" "$log"
done
exit $status
