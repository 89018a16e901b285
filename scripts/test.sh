#!/usr/bin/env bash
# `npm test`: builds what is missing, then runs every suite and ends with one line
# `N passed, N failed` totalling them all:
#   native     GoogleTest via CTest (build/native)
#   sanitize   the same GoogleTest suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   fuzz       libFuzzer targets, each for a bounded time (SIPWASM_FUZZ_SECONDS, default 30)
#   jest       tests/js under Node against lib/
#   compat     SIP.js's own specs (../shared/compat): API and core, all of them, against lib/
#   e2e        tests/e2e: real peers (a private Kamailio per test file, headless Chromium) against lib/
# Set SIPWASM_SUITES="native jest" to run a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
suites="${SIPWASM_SUITES:-native sanitize fuzz jest compat e2e}"
jobs="$(nproc 2>/dev/null || echo 2)"
total_passed=0
total_failed=0
summary=()

record() {  # suite passed failed
  total_passed=$((total_passed + $2)); total_failed=$((total_failed + $3))
  summary+=("$(printf '%-9s %5d passed, %d failed' "$1" "$2" "$3")")
}

# ctest prints "NN% tests passed, F tests failed out of T".
run_ctest() {  # suite builddir
  local log="$2/ctest.log"
  ctest --test-dir "$2" -j"$jobs" --output-on-failure > "$log" 2>&1
  local line; line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)"
  # Failures with their output, then the summary; the per-test lines stay in the log.
  grep -E -A30 '\*\*\*Failed|\*\*\*Exception|Not Run|\(Failed\)' "$log" | head -n 200
  grep -E 'tests passed|Total Test time' "$log"
  if [ -z "$line" ]; then record "$1" 0 1; return; fi
  local failed total; failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")"
  total="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")"
  record "$1" $((total - failed)) "$failed"
}

build_native() {  # builddir extra-cmake-args...
  local dir="$1"; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then cmake -S . -B "$dir" "$@" >/dev/null || return 1; fi
  cmake --build "$dir" -j"$jobs" > "$dir/build.log" 2>&1 || { tail -n 60 "$dir/build.log"; return 1; }
}

bash scripts/bootstrap.sh || { echo "bootstrap failed"; echo "0 passed, 1 failed"; exit 1; }

for suite in $suites; do
  echo; echo "=== $suite ==="
  case "$suite" in
    native)
      if build_native build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo; then run_ctest native build/native
      else record native 0 1; fi ;;
    sanitize)
      if build_native build/sanitize -DCMAKE_BUILD_TYPE=Debug -DSIPWASM_SANITIZE=ON \
           -DCMAKE_CXX_COMPILER=clang++; then
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 run_ctest sanitize build/sanitize
      else record sanitize 0 1; fi ;;
    fuzz)
      if build_native build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPWASM_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++; then
        passed=0; failed=0
        for target in build/fuzz/*_fuzz; do
          [ -f "$target" ] && [ -x "$target" ] || continue   # fuzz binaries only, not folders
          name="$(basename "$target")"; corpus="build/fuzz-corpus/$name"; mkdir -p "$corpus"
          seeds="tests/fuzz/seeds/${name%_fuzz}"; [ -d "$seeds" ] || seeds=""
          if "$target" -max_total_time="${SIPWASM_FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048 \
               -print_final_stats=1 "$corpus" $seeds > "build/fuzz/$name.log" 2>&1; then
            echo "$name: $(grep -E '^stat::number_of_executed_units' "build/fuzz/$name.log" | awk '{print $2}') inputs, no crash"
            passed=$((passed + 1))
          else
            tail -n 40 "build/fuzz/$name.log"; failed=$((failed + 1))
          fi
        done
        record fuzz "$passed" "$failed"
      else record fuzz 0 1; fi ;;
    jest|compat|e2e)
      if [ ! -f lib/index.js ] || [ -n "$(find js src bindings CMakeLists.txt -newer lib/index.js -print -quit 2>/dev/null)" ]; then
        bash scripts/build.sh || { record "$suite" 0 1; continue; }
      fi
      if [ "$suite" = jest ] || [ "$suite" = e2e ]; then
        out="build/$suite-results.json"; rm -f "$out"; config=()
        [ "$suite" = e2e ] && config=(-c jest.e2e.config.js)
        node --experimental-vm-modules node_modules/jest/bin/jest.js "${config[@]}" --json --outputFile="$out" 2>&1 | tail -n 60
        if [ -f "$out" ]; then
          record "$suite" "$(node -p "require('./$out').numPassedTests")" "$(node -p "const r=require('./$out'); r.numFailedTests + r.numRuntimeErrorTestSuites")"
        else record "$suite" 0 1; fi
      else
        compat_dir="$root/../shared/compat"
        if [ ! -x "$compat_dir/run" ]; then echo "compat: ../shared/compat not found, skipped"; record compat 0 1; continue; fi
        line="$("$compat_dir/run" . "${SIPWASM_COMPAT_SPECS:-api/*.spec.js,core/*.spec.js}" 2>&1 | tee build/compat.log | tail -1)"
        grep -E 'Failures:|Message:|Expected' build/compat.log | head -n 30
        echo "$line"
        if [[ "$line" =~ compat:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
          record compat "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
        else record compat 0 1; fi
      fi ;;
    *) echo "unknown suite $suite"; record "$suite" 0 1 ;;
  esac
done

echo; echo "=== summary ==="
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
