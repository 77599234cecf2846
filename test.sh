#!/usr/bin/env bash
# Runs every test on a fresh machine: installs and starts what the tests need (PostgreSQL for the
# storage contract tests), then runs the whole solution's tests. CI calls this same script.
set -euo pipefail
cd "$(dirname "$0")"

# A cluster of this run's own (directory and free port), so two runs on one machine never share
# or stop each other's server.
PG_DIR=${ARBITER_PG_DIR:-/tmp/arbiter-test-pg-$$}
PG_PORT=${ARBITER_PG_PORT:-55439}
while (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done

need_apt=()
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1; }
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need_apt+=(postgresql)
# The report screenshot test and the web arena browser tests (Playwright) drive headless Chromium
# and render Chinese and Cyrillic text.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
if ((${#need_apt[@]})); then
  echo "Installing: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

scripts/pg-test-server.sh start "$PG_DIR" "$PG_PORT"
trap 'scripts/pg-test-server.sh stop "$PG_DIR" "$PG_PORT" || true; rm -rf "$PG_DIR"' EXIT
export ARBITER_TEST_PG
ARBITER_TEST_PG=$(scripts/pg-test-server.sh env "$PG_DIR" "$PG_PORT")
export ARBITER_REQUIRE_PG=1
# CI must really render the report: a missing browser fails the screenshot test instead of skipping it.
export ARBITER_REQUIRE_BROWSER=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet test Arbiter.slnx -c Release "$@"
