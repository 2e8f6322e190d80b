#!/usr/bin/env bash
# scripts/upgrade-fixture/record.sh OLD_CHECKOUT [OUT_DIR] [PG_PORT]
#
# Records the upgrade fixture: a database written by an older Asteroid (the checkout OLD_CHECKOUT,
# e.g. a clone of main at 1e106b3) and the answers its API gave, so that
# tests/Asteroid.IntegrationTests/Upgrade/UpgradeFromPreviousMainTests.cs can restore the dump, start
# the current code on it and compare. OUT_DIR defaults to
# tests/Asteroid.IntegrationTests/Fixtures/main-<short commit of OLD_CHECKOUT>.
#
# What it does: builds OLD_CHECKOUT's src/Web (Release, in that checkout), starts a throwaway
# PostgreSQL (PG_PORT, default 56005) and the old web+silo node on it, creates two servers and two
# stations through the admin API, imports the synthetic access logs of access_log.py, waits until the
# day aggregates are written, deletes the raw sessions that ended before 2026-10-25T06:00Z (what
# Retention:RawDays does to old days: their day rows stay, their raw rows are gone), dates the day
# rows' updated_at to the end of their day (as if collected live), restarts the node, records the
# answers listed in answers.tsv, stops the node gracefully and pg_dumps the database (custom format).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: $0 OLD_CHECKOUT [OUT_DIR] [PG_PORT]" >&2; exit 2; }
old=$(cd "$1" && pwd)
commit=$(git -C "$old" rev-parse --short HEAD)
out=${2:-$root/tests/Asteroid.IntegrationTests/Fixtures/main-$commit}
pg_port=${3:-56005}
source "$root/scripts/lib.sh"
locate_shared

# The settings the fixture was written with; the upgrade test starts the new node with the same ones.
api_key=upgrade-fixture-api-key-0123456789abcdef
hash_key=upgrade-fixture-hash-key-0123456789abcdef
cluster_id=asteroid   # the defaults of src/Web/appsettings.json: what a deployment has
service_id=asteroid
retention_cutoff=2026-10-25T06:00:00Z
geoip=$ASTEROID_SHARED/geoip/GeoIP2-City-Test.mmdb

work=$(mktemp -d /tmp/asteroid-fixture.XXXXXX)
node_pid=""
cleanup() {
  trap - EXIT INT TERM
  if [[ -n $node_pid ]]; then kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  pg_stop "$work"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
psql_() { "$ASTEROID_PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d asteroid -v ON_ERROR_STOP=1 -qAt "$@"; }

log "building $old (Release)…"
dotnet build "$old/src/Web/Web.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
dll=$old/src/Web/bin/Release/net10.0/Asteroid.Web.dll

pg_start "$work" "$pg_port"
web_port=$(free_port)
base=http://127.0.0.1:$web_port
start_node() {
  log "old node ($commit) on $base, PostgreSQL on $pg_port"
  (
    cd "$old/src/Web"
    export ASPNETCORE_URLS=$base ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
    export ConnectionStrings__Asteroid="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=asteroid;Maximum Pool Size=20"
    export Database__CreateDatabase=true Auth__ApiKeys__0=$api_key Privacy__HashKey=$hash_key GeoIp__CityDatabase=$geoip
    export Orleans__ClusterId=$cluster_id Orleans__ServiceId=$service_id
    export Orleans__SiloPort; Orleans__SiloPort=$(free_port)
    export Orleans__GatewayPort; Orleans__GatewayPort=$(free_port)
    # The retention job must not run on its own here: the deletion below is explicit, at a fixed cutoff.
    export Retention__RawDays=36600
    export Logging__LogLevel__Default=Warning
    exec dotnet "$dll"
  ) >"$work/node.log" 2>&1 &
  node_pid=$!
  deadline=$((SECONDS + 120))
  until curl -fs -o /dev/null --max-time 2 "$base/health/ready"; do
    kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; die "the old node exited"; }
    (( SECONDS < deadline )) || { cat "$work/node.log" >&2; die "the old node did not become ready"; }
    sleep 0.5
  done
}
stop_node() {
  log "stopping the old node (SIGTERM)…"
  kill -TERM "$node_pid"; wait "$node_pid" || true; node_pid=""
}
start_node

api() { # METHOD PATH [BODY-FILE|-]
  local method=$1 path=$2; shift 2
  curl -fsS -X "$method" -H "X-Api-Key: $api_key" -H 'Content-Type: application/json' "$@" "$base/api/asteroid$path"
}
for server in main relay; do
  api PUT "/admin/servers/$server" -d '{"baseUrl":"http://127.0.0.1:9","adminUser":"admin","adminPassword":"unused","pollIntervalSeconds":5,"enabled":false}' >/dev/null
done
api PUT /admin/stations/radio1 -d '{"name":"Radio One","timeZone":"Europe/Berlin","mounts":[{"server":"main","mount":"/live.mp3"},{"server":"main","mount":"/live.aac"},{"server":"relay","mount":"/live.mp3"}]}' >/dev/null
api PUT /admin/stations/jazz -d '{"name":"Jazz","timeZone":"America/New_York","mounts":[{"server":"main","mount":"/jazz.ogg"}]}' >/dev/null

python3 "$here/access_log.py" "$work"
rm -rf "$out/answers"; mkdir -p "$out/answers"
for server in main relay; do
  log "importing $(wc -l <"$work/$server.access.log") lines for $server…"
  api POST "/admin/import/access-log?server=$server" -H 'Content-Type: text/plain' --data-binary "@$work/$server.access.log" >"$out/answers/import-$server.json"
done

log "waiting until the day aggregates are written…"
deadline=$((SECONDS + 120)); quiet_since=$SECONDS; last=""
while :; do
  now=$(psql_ -c "SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM daily_stats")
  if [[ $now != "$last" ]]; then last=$now; quiet_since=$SECONDS; fi
  [[ ${now%%/*} -gt 0 ]] && (( SECONDS - quiet_since >= 8 )) && break
  (( SECONDS < deadline )) || die "the day aggregates did not settle ($now)"
  sleep 1
done
log "day rows: ${last%%/*}"

log "retention: deleting raw sessions that ended before $retention_cutoff"
psql_ -c "DELETE FROM listener_sessions WHERE ended_at < '$retention_cutoff'" >/dev/null

# The days were written by this import, today; had they been collected live, each row would have been
# written when its day ended. The rows say so, as they would in a database that has run for a while.
psql_ -c "UPDATE daily_stats SET updated_at = (day + 1)::timestamp AT TIME ZONE time_zone" >/dev/null

# Record what the old main answers after a restart (as the new node will be: a fresh start on this
# database), so that what a restart alone changes is not mistaken for an upgrade difference.
stop_node
start_node
log "recording answers…"
while IFS=$'\t' read -r file path; do
  [[ -z $file || $file == \#* ]] && continue
  api GET "$path" >"$out/answers/$file"
done <"$here/answers.tsv"
cp "$here/answers.tsv" "$out/answers.tsv"
psql_ -c "\\copy (SELECT scope, day, sessions FROM daily_stats ORDER BY scope, day) TO STDOUT WITH (FORMAT csv, HEADER)" >"$out/day-rows.csv"

stop_node
"$ASTEROID_PG_BIN/pg_dump" -h 127.0.0.1 -p "$pg_port" -U postgres -d asteroid -Fc -Z 9 --no-owner --no-acl -f "$out/asteroid.dump"
cat >"$out/fixture.json" <<JSON
{
  "commit": "$(git -C "$old" rev-parse HEAD)",
  "recordedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "apiKey": "$api_key",
  "hashKey": "$hash_key",
  "clusterId": "$cluster_id",
  "serviceId": "$service_id",
  "geoIpCityDatabase": "geoip/GeoIP2-City-Test.mmdb",
  "retentionCutoff": "$retention_cutoff",
  "from": "2026-10-22",
  "to": "2026-11-02"
}
JSON
log "fixture in $out ($(du -sh "$out" | cut -f1))"
