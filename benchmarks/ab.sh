#!/usr/bin/env bash
# Measures one echo scenario on the servers of two commits, before and after a change: builds each
# commit's benchmark server in a worktree of its own, then alternates them, a fresh server each round,
# and prints the median server CPU per echo and messages/s of each. The driver is this checkout's.
# Usage: benchmarks/ab.sh <commit before> <commit after> <dedicated|shared|raw> <connections> <bytes> [rounds]
# Both commits need the server's /bench/cpu (from commit 5010bca on).
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1 after=$2 server=$3 connections=$4 bytes=$5 rounds=${6:-4}
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work=benchmarks/target/ab
mkdir -p "$work"
./mvnw -q -B -pl benchmarks -am package -DskipTests
cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar "$work/driver.jar"
for commit in "$before" "$after"; do
  if [ ! -f "$work/$commit.jar" ]; then
    rm -rf "$work/tree"
    git worktree add -q --detach "$work/tree" "$commit"
    (cd "$work/tree" && ./mvnw -q -B -pl benchmarks -am package -DskipTests)
    cp "$work/tree/benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar" "$work/$commit.jar"
    git worktree remove --force "$work/tree"
  fi
done
port=${BENCH_PORT:-18095}
drive() {
  timeout 120 "$java_bin" -Xmx3g -cp "$work/driver.jar" -Dloader.main=dev.cspwebsocket.benchmarks.driver.LoadDriver \
    org.springframework.boot.loader.launch.PropertiesLauncher "$port" echo "$server" "$connections" "$bytes" "$1"
}
rows="$work/rows.txt"
: > "$rows"
for _ in $(seq 1 "$rounds"); do
  for commit in "$before" "$after"; do
    "$java_bin" -Xmx2g -jar "$work/$commit.jar" --server.port="$port" > "$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
      curl -fs "http://localhost:$port/bench/cpu" > /dev/null 2>&1 && break
      sleep 0.5
    done
    drive 3 > /dev/null # warm-up
    echo "$commit $(drive 5 | grep "^| $server ")" >> "$rows"
    kill "$pid"
    wait "$pid" 2> /dev/null || true
  done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "$server, $connections connections, $bytes bytes, $rounds rounds: median server CPU µs per echo, median messages/s"
for commit in "$before" "$after"; do
  cpu=$(grep "^$commit " "$rows" | awk -F'|' '{ print $11 + 0 }')
  rate=$(grep "^$commit " "$rows" | awk -F'|' '{ print $5 + 0 }')
  echo "$commit: $(echo "$cpu" | median) µs (rounds: $(echo $cpu)), $(echo "$rate" | median) messages/s"
done
