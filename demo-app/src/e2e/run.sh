#!/usr/bin/env bash
# The demo's pages end to end in Chromium, driven by Playwright (demo.test.mjs). Needs Node.js 18+ with npm,
# and Chromium: Debian's chromium package (apt-get install chromium), or CHROMIUM=<path to the binary>.
# Runs them against the demo on Tomcat and on WebFlux with Reactor Netty, building each jar unless it is
# there; screenshots and the demo's log go to demo-app/target/e2e/<server>.
set -euo pipefail
cd "$(dirname "$0")"
e2e=$PWD
root=$(cd ../../.. && pwd)
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  echo "No Chromium found: install Debian's chromium package (apt-get install chromium) or set CHROMIUM" >&2
  exit 1
fi
# The demo on Tomcat, then the same demo on WebFlux with Reactor Netty (the reactor-netty profile).
jars=("$root/demo-app/target/demo-app-0.1.0-SNAPSHOT.jar" "$root/demo-app/target/demo-app-reactor-netty-0.1.0-SNAPSHOT.jar")
profiles=("" "-Preactor-netty")
names=(tomcat reactor-netty)
for i in 0 1; do
  if [ ! -f "${jars[$i]}" ]; then
    (cd "$root" && ./mvnw -q -B -pl demo-app -am package -DskipTests ${profiles[$i]})
  fi
done
npm ci --no-audit --no-fund --loglevel=error
for i in 0 1; do
  echo "The demo's pages on ${names[$i]}: ${jars[$i]}"
  CHROMIUM=$chromium DEMO_JAR=${jars[$i]} JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java" \
    SCREENSHOTS=$root/demo-app/target/e2e/${names[$i]} node --test "$e2e"/*.test.mjs
done
