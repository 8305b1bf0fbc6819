#!/usr/bin/env bash
# What a resumable shared socket costs in memory (docs/resume.md): the heap per idle shared socket of the
# benchmark server's Bench.SharedEcho not resumable, resumable and connected, and resumable and away (its
# connection aborted without a close, within the grace period), on each server; the heap is the server's
# live objects after a full GC (jcmd GC.class_histogram), read by the ResumeHeap driver.
# Usage: benchmarks/resume-memory.sh [sockets] [tomcat|jetty|reactor-netty ...]   (5,000 and all three unless told)
# RESUME_MEMORY_COMMIT=<commit> measures that commit's servers (built in a worktree) with this checkout's driver.
set -euo pipefail
cd "$(dirname "$0")/.."
sockets=${1:-5000}
shift || true
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(tomcat jetty reactor-netty)
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
port=${BENCH_PORT:-18098}
work=benchmarks/target/resume-memory
mkdir -p "$work"
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true' EXIT

echo "$(nproc) cores, $("$java_bin" -version 2>&1 | head -1), $sockets idle shared sockets, servers of commit $(git rev-parse --short "${RESUME_MEMORY_COMMIT:-HEAD}")"
echo
# The driver: this checkout's.
./mvnw -q -B -pl benchmarks -am package -DskipTests
cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar "$work/driver.jar"
echo "| server | sockets | not resumable | resumable, connected | resumable, away |"
echo "|---|---:|---:|---:|---:|"
for server in "${servers[@]}"; do
  profile=()
  [ "$server" = tomcat ] || profile=(-P"$server")
  tree=.
  if [ -n "${RESUME_MEMORY_COMMIT:-}" ]; then
    tree=$work/tree
    rm -rf "$tree"
    git worktree add -q --detach "$tree" "$RESUME_MEMORY_COMMIT"
  fi
  (cd "$tree" && ./mvnw -q -B -pl benchmarks -am package -DskipTests "${profile[@]}")
  suffix=""
  [ "$server" = tomcat ] || suffix="-$server"
  cp "$tree/benchmarks/target/benchmarks$suffix-0.1.0-SNAPSHOT.jar" "$work/bench.jar"
  [ "$tree" = . ] || git worktree remove --force "$tree"
  "$java_bin" -Xmx2g -jar "$work/bench.jar" --server.port="$port" > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://localhost:$port/" && break
    sleep 0.5
  done
  row=$("$java_bin" -cp "$work/driver.jar" -Dloader.main=dev.cspwebsocket.benchmarks.driver.ResumeHeap \
    org.springframework.boot.loader.launch.PropertiesLauncher "$port" "$pid" "$sockets")
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  pid=""
  echo "| $server $row"
done
