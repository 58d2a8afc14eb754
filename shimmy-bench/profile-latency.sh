#!/usr/bin/env bash
# Where the time of a round trip goes: runs a long latency run of one transport and samples both of its processes
# with perf's cpu-clock software event (it works without hardware counters, as in VMs), with JIT-compiled Java
# methods named through the JVM's perf map. Prints the hottest symbols of each process.
#
#   shimmy-bench/profile-latency.sh TRANSPORT [spin|block] [SECONDS]
#
# Needs perf (Debian: linux-perf) and a built shimmy-bench/target/benchmarks.jar; run as root or with
# kernel.perf_event_paranoid <= 1.
set -euo pipefail

root="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd -P)"
transport="${1:?usage: profile-latency.sh TRANSPORT [spin|block] [SECONDS]}"
wait="${2:-spin}"
seconds="${3:-5}"
jar="$root/shimmy-bench/target/benchmarks.jar"
work="$(mktemp -d)"
trap 'kill "$bench" 2>/dev/null || true; rm -rf "$work"' EXIT

if [[ "$wait" == "block" ]]; then
    selection=(--transports "" --block "$transport" --round-trips 2000000)
else
    selection=(--transports "$transport" --block "" --round-trips 50000000)
fi
java -cp "$jar" io.shimmy.bench.harness.Bench --out "$work/out" "${selection[@]}" --warmup 100000 --sizes "" \
    --fanout "" --idle-seconds 0 --rounds 1 > "$work/bench.log" 2>&1 &
bench=$!

ping="" pong=""
for _ in $(seq 1 300); do
    ping="$(pgrep -f "BenchChild role=ping transport=$transport " || true)"
    pong="$(pgrep -f "BenchChild role=pong transport=$transport " || true)"
    [[ -n "$ping" && -n "$pong" ]] && break
    sleep 0.1
done
[[ -n "$ping" && -n "$pong" ]] || { echo "the run did not start: $(cat "$work/bench.log")" >&2; exit 1; }
sleep 5    # past the warm-up and the JIT
for pid in $ping $pong; do
    jcmd "$pid" Compiler.perfmap > /dev/null
done
perf record -q -e cpu-clock -F 4999 -g -p "$ping,$pong" -o "$work/perf.data" -- sleep "$seconds" 2> /dev/null
for pid in $ping $pong; do
    role=$([[ "$pid" == "$ping" ]] && echo ping || echo pong)
    echo "== $transport ($wait), $role process $pid: hottest symbols, share of its samples"
    perf report -i "$work/perf.data" --pid "$pid" --no-children --sort sym --stdio 2> /dev/null |
        grep -E '^ +[0-9]' | head -n 25
done
