#!/usr/bin/env bash
# Measures the servers of two commits, before and after a change, on one server (Tomcat, Jetty or
# Reactor Netty): builds each commit's benchmark server in a worktree of its own, then alternates
# them for the rounds asked, a fresh server each round, each running one LoadDriver scenario whose
# table gives ratios to the raw handler of the same run (echoes, scales or broadcast). Prints every
# round's rows, then each row's medians over the rounds. The driver is this checkout's.
# Usage: benchmarks/ab.sh <commit before> <commit after> <tomcat|jetty|reactor-netty> <rounds> <scenario...>
#   e.g. benchmarks/ab.sh 2b864ec HEAD reactor-netty 3 echoes 5 100,1000 64,4096
#        benchmarks/ab.sh 2b864ec HEAD tomcat 3 scales 5000
#        benchmarks/ab.sh 2b864ec HEAD jetty 3 broadcast 10000 1
# Both commits need the server's /bench/cpu (from commit 5010bca on), and for the broadcast its raw baseline (fc07d0d).
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1 after=$2 server=$3 rounds=$4
shift 4
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
profile=()
suffix=""
if [ "$server" != tomcat ]; then
  profile=(-P"$server")
  suffix="-$server"
fi
work=benchmarks/target/ab
mkdir -p "$work"
./mvnw -q -B -pl benchmarks -am package -DskipTests
cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar "$work/driver.jar"
for commit in "$before" "$after"; do
  hash=$(git rev-parse --short "$commit")
  if [ ! -f "$work/$hash$suffix.jar" ]; then
    rm -rf "$work/tree"
    git worktree add -q --detach "$work/tree" "$hash"
    (cd "$work/tree" && ./mvnw -q -B -pl benchmarks -am package -DskipTests "${profile[@]}")
    cp "$work/tree/benchmarks/target/benchmarks$suffix-0.1.0-SNAPSHOT.jar" "$work/$hash$suffix.jar"
    git worktree remove --force "$work/tree"
  fi
done
port=${BENCH_PORT:-18095}
rows="$work/rows.txt"
: > "$rows"
echo "$(nproc) cores, $("$java_bin" -version 2>&1 | head -1), $server, $rounds rounds of: LoadDriver <port> $*"
for round in $(seq 1 "$rounds"); do
  for commit in "$before" "$after"; do
    hash=$(git rev-parse --short "$commit")
    "$java_bin" -Xmx2g -jar "$work/$hash$suffix.jar" --server.port="$port" > "$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
      curl -fs "http://localhost:$port/bench/cpu" > /dev/null 2>&1 && break
      sleep 0.5
    done
    echo
    echo "round $round, $hash:"
    timeout 1800 "$java_bin" -Xmx3g -cp "$work/driver.jar" -Dloader.main=dev.cspwebsocket.benchmarks.driver.LoadDriver \
      org.springframework.boot.loader.launch.PropertiesLauncher "$port" "$@" | grep '^|' > "$work/round.txt"
    cat "$work/round.txt"
    grep -v -e '---' -e '| server |' -e '| sockets | server |' "$work/round.txt" | sed "s/^/$hash /" >> "$rows"
    kill "$pid"
    wait "$pid" 2> /dev/null || true
  done
done 2>&1
# Medians per row (named by its server and sizes) and column, over the rounds.
echo
echo "Medians over $rounds rounds:"
for commit in "$before" "$after"; do
  hash=$(git rev-parse --short "$commit")
  grep "^$hash " "$rows" | sed "s/^$hash //" | awk -F'|' -v hash="$hash" '
    function median(list,    n, values, i, j, t) {
      n = split(list, values, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] + 0 < values[i] + 0) { t = values[i]; values[i] = values[j]; values[j] = t }
      return (n % 2) ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
    }
    {
      # The name: the server and the sizes, the first cells (three in an echo row, two else).
      names_count = (NF == 13) ? 3 : 2
      name = ""
      for (i = 2; i <= 1 + names_count; i++) { cell = $i; gsub(/^ +| +$/, "", cell); name = name "| " cell " " }
      for (i = 2 + names_count; i < NF; i++) {
        cell = $i; gsub(/^ +| +$/, "", cell)
        value = cell; sub(/ .*/, "", value)
        unit = cell; sub(/^[^ ]*/, "", unit)
        if (value ~ /^-?[0-9.]+$/) { values[name, i] = values[name, i] " " value; units[name, i] = unit }
        else values[name, i] = cell
      }
      if (!(name in seen)) { seen[name] = 1; names[++count] = name; firsts[name] = 2 + names_count; lasts[name] = NF - 1 }
    }
    END {
      for (k = 1; k <= count; k++) {
        name = names[k]; line = hash " " name
        for (i = firsts[name]; i <= lasts[name]; i++) {
          v = values[name, i]
          if (v ~ /^( -?[0-9.]+)+$/) { m = median(v); v = sprintf((m >= 100 || m <= -100) ? "%.0f" : "%.2f", m) units[name, i] }
          line = line "| " v " "
        }
        print line "|"
      }
    }'
done
