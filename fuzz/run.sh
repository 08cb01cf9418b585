#!/usr/bin/env bash
# Runs every fuzz target for the given seconds (default 60) on a corpus seeded from the
# repository's fixtures, and prints, per target, the executions and the crashes found.
# CI runs `fuzz/run.sh 60`; a long run is `fuzz/run.sh 3600` (an hour a target), and a crash is
# kept under fuzz/artifacts/<target>/ to replay with `cargo +nightly fuzz run <target> <file>`.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# FUZZ_BUILD chooses the build: optimised with AddressSanitizer by default (the long run); CI sets
# `--dev -s none`, which builds in a third of the time.
set -uo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
targets=(edxml_reader dates docx_text pdf_text extraction)
python3 fuzz/seed.py >/dev/null || exit 1
read -r -a build <<<"${FUZZ_BUILD:--O}"
cargo +nightly fuzz build --fuzz-dir fuzz "${build[@]}" || exit 1
failed=0
printf '%-14s %12s %8s %s\n' target executions crashes outcome
for t in "${targets[@]}"; do
  log="fuzz/artifacts/$t.log"
  rm -rf "fuzz/artifacts/$t"
  mkdir -p "fuzz/artifacts/$t"
  # Attachments are files of up to megabytes; texts and dates are short.
  case "$t" in docx_text | pdf_text) max_len=1048576 ;; *) max_len=65536 ;; esac
  # The worker's budgets: 512 MiB of memory, 60 s a document.
  cargo +nightly fuzz run --fuzz-dir fuzz "${build[@]}" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" -malloc_limit_mb=512 -rss_limit_mb=2048 -timeout=60 \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(find "fuzz/artifacts/$t" -type f -name 'crash-*' | wc -l)
  outcome=ok
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ] && grep -qE 'libFuzzer: (out-of-memory|timeout)' "$log"; then
    # Over the worker's memory or time: what the sandbox stops in the daemon (the attachment
    # goes to a person). Reported, not a failure; the input is kept to look at.
    outcome="over a budget ($(grep -m1 -oE 'libFuzzer: (out-of-memory|timeout)' "$log"), kept in fuzz/artifacts/$t)"
  elif [ "$rc" -ne 0 ]; then
    outcome="FAILED (rc $rc, see $log)"
    failed=1
    grep -m3 -E 'ERROR|panicked|SUMMARY' "$log" | sed 's/^/    /'
  fi
  printf '%-14s %12s %8s %s\n' "$t" "${runs:-?}" "$crashes" "$outcome"
done
exit "$failed"
