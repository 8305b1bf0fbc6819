#!/usr/bin/env bash
# Runs the benchmark server and, in a JVM of its own, the load driver; prints the tables.
# Usage: benchmarks/run.sh [quick|full]   (full: a few minutes; quick: seconds)
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:-full}
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -q -B -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar
port=${BENCH_PORT:-18091}
"$java_bin" -Xmx2g -jar "$jar" --server.port="$port" > benchmarks/target/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$port/bench/stats" > /dev/null 2>&1 && break
  sleep 0.5
done
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $("$java_bin" -version 2>&1 | head -1)"
echo
timeout 900 "$java_bin" -Xmx3g -cp "$jar" -Dloader.main=dev.cspwebsocket.benchmarks.driver.LoadDriver \
  org.springframework.boot.loader.launch.PropertiesLauncher "$port" "$suite"
