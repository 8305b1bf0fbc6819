#!/usr/bin/env bash
# The demo's pages end to end in Chromium, driven by Playwright (demo.test.mjs). Needs Node.js 18+ with npm,
# and Chromium: Debian's chromium package (apt-get install chromium), or CHROMIUM=<path to the binary>.
# Builds the demo's jar unless it is there; screenshots and the demo's log go to demo-app/target/e2e.
set -euo pipefail
cd "$(dirname "$0")"
e2e=$PWD
root=$(cd ../../.. && pwd)
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  echo "No Chromium found: install Debian's chromium package (apt-get install chromium) or set CHROMIUM" >&2
  exit 1
fi
jar=$root/demo-app/target/demo-app-0.1.0-SNAPSHOT.jar
if [ ! -f "$jar" ]; then
  (cd "$root" && ./mvnw -q -B -pl demo-app -am package -DskipTests)
fi
npm ci --no-audit --no-fund --loglevel=error
CHROMIUM=$chromium DEMO_JAR=$jar JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java" \
  SCREENSHOTS=$root/demo-app/target/e2e node --test "$e2e"/*.test.mjs
