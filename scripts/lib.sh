# Shared helpers for run.sh, test.sh and the integration tests' scripts. Source it; do not run it.
# Every process started here is recorded by PID and stopped by PID.

ASTEROID_PG_BIN=${ASTEROID_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

log() { printf '\033[1m[asteroid]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[asteroid] %s\033[0m\n' "$*" >&2; exit 1; }

# install_missing CMD:PACKAGE ... — apt-get installs the packages whose command is missing.
install_missing() {
  local wanted=() pair
  for pair in "$@"; do
    local cmd=${pair%%:*} pkg=${pair#*:}
    if [[ $cmd == /* ]]; then [[ -e $cmd ]] || wanted+=("$pkg"); else command -v "$cmd" >/dev/null 2>&1 || wanted+=("$pkg"); fi
  done
  [[ ${#wanted[@]} -eq 0 ]] && return 0
  log "installing Debian packages: ${wanted[*]}"
  local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null \
    || die "apt-get install ${wanted[*]} failed"
  ASTEROID_PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
}

# as_service_user USER CMD... — runs as USER when we are root (initdb and icecast refuse root).
# Exports ASTEROID_SHARED (recorded Icecast samples, GeoIP test databases): the variable if set,
# else ../shared beside this checkout, else ../shared beside the local checkout it was cloned from.
locate_shared() {
  local candidates=("${ASTEROID_SHARED:-}" "$root/../shared") origin
  origin=$(git -C "$root" config --get remote.origin.url 2>/dev/null || true)
  [[ -n $origin && -d $origin ]] && candidates+=("$origin/../shared")
  for dir in "${candidates[@]}"; do
    if [[ -n $dir && -d $dir/icecast/samples ]]; then
      ASTEROID_SHARED=$(cd "$dir" && pwd); export ASTEROID_SHARED; return
    fi
  done
  die "../shared (Icecast samples, GeoIP test databases) not found beside the repository; set ASTEROID_SHARED"
}

as_service_user() {
  local user=$1; shift
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# pg_start DIR PORT — a throwaway PostgreSQL in DIR on 127.0.0.1:PORT (created on first use).
pg_start() {
  local dir=$1 port=$2
  [[ -x $ASTEROID_PG_BIN/initdb ]] || die "PostgreSQL binaries not found (install the postgresql package)"
  mkdir -p "$dir/sock"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir/sock"
    # The server's user must reach DIR/pg and DIR/sock: a folder it cannot enter becomes its own.
    runuser -u postgres -- test -x "$dir" || chown postgres:postgres "$dir"
  fi
  if [[ ! -f $dir/pg/PG_VERSION ]]; then
    mkdir -p "$dir/pg"; [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir/pg"
    as_service_user postgres "$ASTEROID_PG_BIN/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed in $dir/pg"
  fi
  if as_service_user postgres "$ASTEROID_PG_BIN/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    return 0
  fi
  as_service_user postgres "$ASTEROID_PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w \
    -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${ASTEROID_PG_FSYNC:-on}" start >/dev/null \
    || { tail -n 20 "$dir/pg/server.log" >&2; die "PostgreSQL did not start on port $port (see $dir/pg/server.log)"; }
}

pg_stop() {
  local dir=$1
  [[ -f $dir/pg/postmaster.pid ]] || return 0
  as_service_user postgres "$ASTEROID_PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
}

# icecast_config DIR PORT ADMIN_PASSWORD SOURCE_PASSWORD [MOUNTS_XML] — writes DIR/icecast.xml for a
# loopback Icecast; MOUNTS_XML (e.g. <mount> blocks with push hooks) is inserted as is.
icecast_config() {
  local dir=$1 port=$2 admin=$3 source=$4 mounts=${5:-}
  mkdir -p "$dir/log"
  local owner=""
  if [[ $(id -u) -eq 0 ]]; then
    chown -R icecast2 "$dir/log"
    owner="<security><chroot>0</chroot><changeowner><user>icecast2</user><group>icecast</group></changeowner></security>"
  fi
  # It holds the admin and source passwords: readable by its owner only (Icecast reads it before
  # changing to its own user).
  (umask 077; : >"$dir/icecast.xml")
  chmod 600 "$dir/icecast.xml"
  cat >"$dir/icecast.xml" <<XML
<icecast>
  <location>asteroid-local</location>
  <admin>admin@localhost</admin>
  <hostname>127.0.0.1</hostname>
  <limits><clients>500</clients><sources>10</sources><queue-size>524288</queue-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
    <burst-on-connect>1</burst-on-connect><burst-size>65535</burst-size></limits>
  <authentication><source-password>$source</source-password><relay-password>$source</relay-password>
    <admin-user>admin</admin-user><admin-password>$admin</admin-password></authentication>
  <listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket>
  $mounts
  <fileserve>1</fileserve>
  <paths><basedir>/usr/share/icecast2</basedir><logdir>$dir/log</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
  <logging><accesslog>access.log</accesslog><errorlog>error.log</errorlog><playlistlog>playlist.log</playlistlog><loglevel>2</loglevel><logsize>10000</logsize></logging>
  $owner
</icecast>
XML
}

# wait_http URL SECONDS — polls until URL answers (any HTTP status).
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  until curl -s -o /dev/null --max-time 2 "$url"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# ffmpeg_source PORT PASSWORD MOUNT FREQUENCY — a sine-wave source; echoes its PID.
ffmpeg_source() {
  local port=$1 password=$2 mount=$3 freq=$4 codec=(-c:a libmp3lame -b:a 64k -content_type audio/mpeg -f mp3)
  [[ $mount == *.ogg ]] && codec=(-c:a libvorbis -content_type audio/ogg -f ogg)
  ffmpeg -nostdin -loglevel error -re -f lavfi -i "sine=frequency=$freq" "${codec[@]}" \
    "icecast://source:$password@127.0.0.1:$port$mount" >/dev/null 2>&1 &
  echo $!
}

# Player user agents for demo and test listeners (curl's own agent counts as a bot).
PLAYER_AGENTS=(
  'VLC/3.0.18 LibVLC/3.0.18'
  'Winamp/5.9'
  'iTunes/12.12 (Windows; Microsoft Windows 10 x64) AppleWebKit/7613.2007.1014.14 (dt:2)'
  'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0'
  'AppleCoreMedia/1.0.0.21E230 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)'
  'foobar2000/2.1'
)
