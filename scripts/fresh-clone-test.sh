#!/usr/bin/env bash
# Runs the README's test command the way a newcomer does, on a busy machine: from a fresh clone
# of the current commit, with an empty HOME (no npm cache, no pnpm store, no config), while a CPU
# hog keeps one core busy. Repeats it (3 times by default) and prints how long each run took.
#
#   scripts/fresh-clone-test.sh [runs]        # e.g. scripts/fresh-clone-test.sh 3
#
# Exits non-zero if any run fails. Logs stay under $TMPDIR/torchlet-fresh-clone-*/run-N.log.
set -uo pipefail

runs=${1:-3}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse HEAD)

# The README's commands, verbatim. The check below fails this script when the README changes
# without it, so what is tested here is what a reader copies.
install_and_test='npx -y pnpm@12.18.0 install --frozen-lockfile && npx -y pnpm@12.18.0 test'
if ! grep -qxF "$install_and_test" "$repo/README.md"; then
  echo "fresh-clone-test: README.md no longer contains the line: $install_and_test" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/torchlet-fresh-clone-XXXXXX")
hog_pid=
cleanup() {
  [ -n "$hog_pid" ] && kill "$hog_pid" 2>/dev/null
}
trap cleanup EXIT

# One core kept busy for the whole time (a single-threaded busy loop at normal priority).
node -e 'for (;;) {}' &
hog_pid=$!

echo "fresh-clone-test: $runs run(s) of the README's test command at $commit, one core kept busy"
failed=0
summary=()
for run in $(seq 1 "$runs"); do
  clone="$work/clone-$run"
  home="$work/home-$run"
  log="$work/run-$run.log"
  mkdir -p "$home"
  git clone --quiet --no-local "$repo" "$clone" && git -C "$clone" checkout --quiet "$commit"
  start=$(date +%s)
  (cd "$clone" && env -i PATH="$PATH" HOME="$home" TERM=dumb bash -c "$install_and_test") >"$log" 2>&1
  rc=$?
  seconds=$(($(date +%s) - start))
  if [ $rc -eq 0 ]; then verdict=green; else verdict="RED (rc=$rc)"; failed=1; fi
  summary+=("run $run: $verdict in ${seconds} s (load average now: $(cut -d' ' -f1-3 /proc/loadavg))")
  echo "${summary[-1]} — log: $log"
  if [ $rc -ne 0 ]; then
    grep -E 'FAIL|Error|failed|Timed out|timed out' "$log" | head -20
  fi
done
echo
echo "fresh-clone-test summary at $commit:"
printf '  %s\n' "${summary[@]}"
exit $failed
