#!/usr/bin/env bash
# Runs every test of the solution, after installing what the tests need on a fresh machine.
# Prints a closing line "N passed, N failed" and exits non-zero when a test failed.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use (installed only where missing, and only when we are root): nginx for the
# benchmark-style tests, Chromium to render the HTML report, npm for the build's `npm ci` of the report's charts.
# nats-server for the cluster tests (coordinator and agents meet through it).
packages=(nginx-light chromium nats-server)
if ((${#packages[@]})); then
  missing=()
  for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if ((${#missing[@]})) && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Barrage.slnx -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log" | grep -vE '^\s+Passed |^\s*$'
status=${PIPESTATUS[0]}
set -e
# Each test project ends with "Total tests: N / Passed: N [/ Failed: N]"; add them up.
count() { { grep -oE "^\s+$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
artifacts=tests/Barrage.FunctionalTests/bin/Release/net10.0/artifacts
[ -f "$artifacts/report.png" ] && echo "HTML report as Chromium drew it: $artifacts/report.png" >&2
[ -d "$artifacts/dashboard" ] && echo "dashboard pages as Chromium drew them: $artifacts/dashboard/*.png" >&2
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
