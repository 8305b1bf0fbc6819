#!/usr/bin/env bash
# Heap per idle dedicated socket in a bare server and in a real application: the benchmark
# server (Bench.DedicatedEcho) against the demo (Spring Security, Actuator, Prometheus; its echo
# server, with a read timeout of an hour so that its sockets are as idle as the bench's), on
# each server; the heap is the server's live objects after a full GC (jcmd GC.class_histogram).
# Usage: benchmarks/memory.sh [sockets] [tomcat|jetty|reactor-netty ...]   (5,000 and all three unless told)
# MEMORY_COMMIT=<commit> measures that commit's servers (built in a worktree) with this checkout's driver.
set -euo pipefail
cd "$(dirname "$0")/.."
sockets=${1:-5000}
shift || true
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(tomcat jetty reactor-netty)
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -XshowSettings:properties -version 2>&1 | grep -Eq 'java.specification.version = (2[1-9]|[3-9][0-9])'; then
  echo "Dedicated sockets run on virtual threads from Java 21: set JAVA_HOME to a JDK 21 or newer" >&2
  exit 1
fi
port=${BENCH_PORT:-18097}
work=benchmarks/target/memory
mkdir -p "$work"
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true' EXIT

measure() { # jar, path, subprotocol, server arguments...: prints bytes per socket
  local jar=$1 path=$2 subprotocol=$3
  shift 3
  "$java_bin" -Xmx2g -jar "$jar" --server.port="$port" "$@" > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://localhost:$port/" && break
    sleep 0.5
  done
  "$java_bin" -cp "$work/driver.jar" -Dloader.main=dev.cspwebsocket.benchmarks.driver.IdleHeap \
    org.springframework.boot.loader.launch.PropertiesLauncher "$port" "$pid" "$path" "$sockets" $subprotocol
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  pid=""
}

echo "$(nproc) cores, $("$java_bin" -version 2>&1 | head -1), $sockets idle dedicated sockets, servers of commit $(git rev-parse --short "${MEMORY_COMMIT:-HEAD}")"
echo
# The driver: this checkout's.
./mvnw -q -B -pl benchmarks -am package -DskipTests
cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar "$work/driver.jar"
echo "| server | bare benchmark server | demo application | ×bare |"
echo "|---|---:|---:|---:|"
for server in "${servers[@]}"; do
  profile=()
  [ "$server" = tomcat ] || profile=(-P"$server")
  # The demo's Tomcat and Jetty jars share a name, and a build keeps a jar it finds.
  tree=.
  if [ -n "${MEMORY_COMMIT:-}" ]; then
    tree=$work/tree
    rm -rf "$tree"
    git worktree add -q --detach "$tree" "$MEMORY_COMMIT"
  fi
  rm -f "$tree"/demo-app/target/*.jar
  (cd "$tree" && ./mvnw -q -B -pl benchmarks,demo-app -am package -DskipTests "${profile[@]}")
  suffix=""
  [ "$server" = tomcat ] || suffix="-$server"
  cp "$tree/benchmarks/target/benchmarks$suffix-0.1.0-SNAPSHOT.jar" "$work/bench.jar"
  demo=demo-app-0.1.0-SNAPSHOT.jar
  [ "$server" = reactor-netty ] && demo=demo-app-reactor-netty-0.1.0-SNAPSHOT.jar
  cp "$tree/demo-app/target/$demo" "$work/demo.jar"
  [ "$tree" = . ] || git worktree remove --force "$tree"
  bare=$(measure "$work/bench.jar" /csp/bench/Bench.DedicatedEcho.cls "")
  app=$(measure "$work/demo.jar" /csp/user/MyApp.MyWebSocketServer.cls chat --demo.echo.timeout=1h)
  awk -v s="$server" -v b="$bare" -v a="$app" \
    'BEGIN { printf "| %s | %.1f KB | %.1f KB | %.2f |\n", s, b / 1024, a / 1024, a / b }'
done
