#!/usr/bin/env bash
# The full comparison, peers included: builds shimmy-bench, runs the JMH benchmarks (with the GC profiler) and the
# cross-process harness for every transport, writes CSV, histograms and a description of the machine into
# docs/bench/ (or the directory given as the first argument), then draws the charts.
#
#   shimmy-bench/run-comparison.sh [OUT_DIR] [harness options...]
#
# Harness options (see io.shimmy.bench.harness.Bench), e.g. --cpus 0,1 to pin, --round-trips 100000.
# SHIMMY_JMH_OPTS adds JMH options (e.g. "-f 1 -wi 1 -i 2" for a quick run; empty by default);
# SHIMMY_JMH=skip keeps the JMH results already in the output directory and runs only the harness.
# Takes about 15 minutes and keeps every core busy: run it on a machine that does nothing else.
set -euo pipefail

root="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd -P)"
out="$(readlink -f -- "${1:-$root/docs/bench}")"
shift || true
cd "$root"

./mvnw -q -B -ntp -DskipTests package -pl shimmy-bench -am
jar="$root/shimmy-bench/target/benchmarks.jar"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"

mkdir -p "$out"
rm -rf "$out/hgrm"
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs"
    echo "kernel: $(uname -sr)"
    echo "java: $("$java_cmd" -version 2>&1 | head -n 2 | tail -n 1)"
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"

if [[ "${SHIMMY_JMH:-}" != "skip" ]]; then
    rm -f "$out/jmh-peers.csv"    # a separate run of the peer benchmarks; this run includes them
    # shellcheck disable=SC2086
    "$java_cmd" -jar "$jar" -prof gc -rf csv -rff "$out/jmh.csv" ${SHIMMY_JMH_OPTS:-} | tee "$out/jmh.txt"
fi
"$java_cmd" -cp "$jar" io.shimmy.bench.harness.Bench --out "$out" "$@" | tee "$out/harness.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
"$java_cmd" -Djava.awt.headless=true -cp "$jar" io.shimmy.bench.plot.Plots "$out"
echo "results and charts in $out"
