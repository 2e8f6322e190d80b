#!/usr/bin/env bash
# ./test.sh — runs every test: unit tests, then integration tests against a throwaway PostgreSQL
# (started here, under a temporary folder, and stopped at the end), real Icecast, ffmpeg and curl
# processes that the tests start and stop themselves, and the dashboard in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
source scripts/lib.sh
locate_shared

install_missing /usr/lib/postgresql:postgresql icecast2:icecast2 ffmpeg:ffmpeg curl:curl npm:npm chromium:chromium yamllint:yamllint kubectl:kubectl \
  promtool:prometheus /usr/lib/python3/dist-packages/aiosmtpd:python3-aiosmtpd

work=$(mktemp -d /tmp/asteroid-test.XXXXXX)
cleanup() {
  trap - EXIT INT TERM
  [[ -z ${group:-} ]] || kill -TERM -- "-$group" 2>/dev/null || true
  for dir in "$work"/tmp/asteroid-pg-*; do pg_stop "$dir"; done # servers of tests whose set-up failed half-way
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
ASTEROID_PG_FSYNC=off pg_start "$work" "$pg_port"
export ASTEROID_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
log "PostgreSQL for tests on 127.0.0.1:$pg_port"

dotnet build Asteroid.Orleans.sln --nologo -clp:ErrorsOnly -v quiet
status=0

# What the container images hold (deploy/k8s/README.md step 1); Deploy/ManifestProcessTests runs it.
log "publishing the hosts (scripts/publish.sh → artifacts/publish)"
scripts/publish.sh >/dev/null || status=1
export ASTEROID_PUBLISH_DIR=$root/artifacts/publish

log "validating deploy/k8s (yamllint, kubectl kustomize)"
if yamllint -c deploy/k8s/.yamllint deploy/k8s && kubectl kustomize deploy/k8s >"$work/k8s.yaml"; then
  log "deploy/k8s: $(grep -c '^kind:' "$work/k8s.yaml") objects render"
else
  log "deploy/k8s does not validate"; status=1
fi

log "checking deploy/prometheus (promtool check rules, promtool test rules)"
if (cd deploy/prometheus && promtool check rules alerts.yml >/dev/null && promtool test rules alerts.test.yml >/dev/null); then
  log "deploy/prometheus: the alerting rules and their tests pass"
else
  (cd deploy/prometheus && promtool check rules alerts.yml; promtool test rules alerts.test.yml) || true
  log "deploy/prometheus does not validate"; status=1
fi

# The tests' temporary folders (Icecast configurations, dedicated PostgreSQL servers) go under $work,
# and each project runs in a process group of its own: whatever a test started and could not stop
# (xUnit 2 skips DisposeAsync when InitializeAsync fails) is stopped with the group.
export TMPDIR=$work/tmp
mkdir -p "$TMPDIR" && chmod 711 "$work" && chmod 1777 "$TMPDIR" # like /tmp, for the service users
results=$work/results
for project in tests/Asteroid.Tests tests/Asteroid.IntegrationTests; do
  log "running $project"
  setsid dotnet test "$project" --no-build --nologo --logger "console;verbosity=normal" --logger "trx;LogFilePrefix=$(basename "$project")" \
    --results-directory "$results" &
  group=$!
  wait "$group" || status=1
  kill -TERM -- "-$group" 2>/dev/null || true
done

# One closing line over every project: "N passed, N failed, N skipped".
count() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*>" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{s+=$1} END {print s+0}'; }
passed=$(count passed); failed=$(count failed); skipped=$(count notExecuted)
python3 scripts/failed-tests.py "$results"/*.trx 2>/dev/null || true
echo "tests: $passed passed, $failed failed, $skipped skipped"
[[ $passed -gt 0 ]] || status=1
exit $status
