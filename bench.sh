#!/usr/bin/env bash
# ./bench.sh [--quick] [--only writes,history,upgrade,queries,tracks,shows,regroup,export,listeners,live] [--seed N]
# Runs the benchmarks of BENCHMARKS.md on this machine, everything co-located: a throwaway
# PostgreSQL (fsync on, default settings) under a temporary folder, src/Web built in Release and
# started by the runner as its own process, the Icecast scale simulator in the runner's process.
# --quick: a tenth of the history and fewer repetitions (under 5 minutes); full: under 30 minutes.
# ASTEROID_BENCH_PG=<connection string> uses an existing PostgreSQL instead (its bench_* databases
# are dropped and re-created; --only queries,export reuse bench_history when it is there).
# Results: bench/results/<UTC time>/results.md and results.json, plus the web nodes' logs.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
source scripts/lib.sh

install_missing /usr/lib/postgresql:postgresql npm:npm icecast2:icecast2 ffmpeg:ffmpeg curl:curl
command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet on PATH)"

log "building src/Web and bench/Runner (Release)…"
dotnet build src/Web/Web.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/Runner/Runner.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null

work=$(mktemp -d /tmp/asteroid-bench.XXXXXX)
runner=""
cleanup() {
  trap - EXIT INT TERM
  [[ -z $runner ]] || kill -TERM "$runner" 2>/dev/null || true
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [[ -n ${ASTEROID_BENCH_PG:-} ]]; then
  pg=$ASTEROID_BENCH_PG # an existing server (its bench_* databases are dropped and re-created)
else
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55433)
  pg_start "$work" "$pg_port"
  pg="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  log "PostgreSQL for the benchmarks on 127.0.0.1:$pg_port (fsync on)"
fi

out=$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
dotnet bench/Runner/bin/Release/net10.0/Asteroid.Bench.dll \
  --pg "$pg" \
  --web "$root/src/Web/bin/Release/net10.0/Asteroid.Web.dll" --web-root "$root/src/Web" --out "$out" "$@" &
runner=$!
status=0
wait "$runner" || status=$?
runner=""
log "results: $out/results.md"
exit $status
