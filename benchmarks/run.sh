#!/usr/bin/env bash
# Runs the benchmark server and, in a JVM of its own, the load driver; prints the tables.
# On Tomcat: every scenario, then the scale scenario on a server with Tomcat's buffers made small.
# On Jetty and on WebFlux with Reactor Netty: the echo and scale scenarios, and the broadcast at 10,000 sockets (50 when quick).
# Last, the cluster scenario: Redis and two servers as one cluster, one writing to the other's socket.
# Usage: benchmarks/run.sh [quick|full] [all|tomcat|jetty|reactor-netty]   (full: a few minutes; quick: seconds)
# BENCH_SERVER_JAR=<jar> runs the Tomcat scenarios against another build's server (the driver stays
# this checkout's), to compare two builds.
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:-full}
containers=${2:-all}
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -q -B -pl benchmarks -am package -DskipTests
driver_jar=benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar
jar=${BENCH_SERVER_JAR:-$driver_jar}
port=${BENCH_PORT:-18091}
broadcast_sockets=$([ "$suite" = full ] && echo 10000 || echo 50)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

jvm_options=()
start_server() { # jar, port, log name, extra arguments; JVM options in jvm_options
  local server_jar=$1 server_port=$2 log=$3
  shift 3
  "$java_bin" -Xmx2g "${jvm_options[@]}" -jar "$server_jar" --server.port="$server_port" "$@" > "benchmarks/target/$log.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -fs "http://localhost:$server_port/bench/stats" > /dev/null 2>&1 && return
    sleep 0.5
  done
  echo "The server on port $server_port did not start: see benchmarks/target/$log.log" >&2
  exit 1
}

stop_servers() {
  kill "${pids[@]}"
  wait "${pids[@]}" 2> /dev/null || true
  pids=()
}

drive() {
  timeout 900 "$java_bin" -Xmx3g -cp "$driver_jar" -Dloader.main=dev.cspwebsocket.benchmarks.driver.LoadDriver \
    org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}

echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $("$java_bin" -version 2>&1 | head -1)"

if [ "$containers" = all ] || [ "$containers" = tomcat ]; then
  echo
  echo "Tomcat: $jar"
  echo
  start_server "$jar" "$port" server
  drive "$port" "$suite"
  stop_servers

  # The scale scenario again, on a Tomcat whose per-connection buffers are made small (README: Memory per socket).
  echo
  echo "Lean Tomcat: -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=512, socket.appReadBufSize and appWriteBufSize 512, csp.websocket.message-buffer-size=512B"
  echo
  jvm_options=(-Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=512)
  start_server "$jar" $((port + 3)) lean --bench.socket-buffer-size=512B --csp.websocket.message-buffer-size=512B
  jvm_options=()
  drive $((port + 3)) lean "$suite"
  stop_servers
fi

if [ "$containers" = all ] || [ "$containers" = jetty ]; then
  # The same server on Jetty: Spring Boot's other servlet container.
  ./mvnw -q -B -pl benchmarks -am package -DskipTests -Pjetty
  echo
  echo "Jetty: benchmarks/target/benchmarks-jetty-0.1.0-SNAPSHOT.jar"
  echo
  start_server benchmarks/target/benchmarks-jetty-0.1.0-SNAPSHOT.jar $((port + 4)) jetty
  drive $((port + 4)) servers "$suite"
  echo
  drive $((port + 4)) broadcast "$broadcast_sockets"
  stop_servers
fi

if [ "$containers" = all ] || [ "$containers" = reactor-netty ]; then
  # The same server on WebFlux with Reactor Netty: Spring Boot's reactive stack.
  ./mvnw -q -B -pl benchmarks -am package -DskipTests -Preactor-netty
  echo
  echo "Reactor Netty: benchmarks/target/benchmarks-reactor-netty-0.1.0-SNAPSHOT.jar"
  echo
  start_server benchmarks/target/benchmarks-reactor-netty-0.1.0-SNAPSHOT.jar $((port + 5)) reactor-netty
  drive $((port + 5)) servers "$suite"
  echo
  drive $((port + 5)) broadcast "$broadcast_sockets"
  stop_servers
fi

if [ "$containers" = all ]; then
  # Redis: the machine's redis-server, else the one shipped in embedded-redis (a test dependency).
  redis_bin=$(command -v redis-server || true)
  if [ -z "$redis_bin" ]; then
    redis_jar=$(ls "$HOME"/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar | tail -1)
    redis_bin=benchmarks/target/redis-server
    unzip -p "$redis_jar" redis-server-6.2.6-v5-linux-amd64 > "$redis_bin"
    chmod +x "$redis_bin"
  fi
  redis_port=$((port + 300))
  "$redis_bin" --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > benchmarks/target/redis.log 2>&1 &
  pids+=($!)
  cluster=(--csp.websocket.cluster.enabled=true --spring.data.redis.port="$redis_port")
  start_server "$jar" $((port + 1)) node-a "${cluster[@]}" --csp.websocket.cluster.node-id=a
  start_server "$jar" $((port + 2)) node-b "${cluster[@]}" --csp.websocket.cluster.node-id=b
  echo
  drive $((port + 1)) cluster $((port + 2)) "$suite"
fi
