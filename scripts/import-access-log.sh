#!/usr/bin/env bash
# Imports an access log into Asteroid, streaming it (any size).
# usage: scripts/import-access-log.sh SERVER_ID FILE [TIMEZONE] [FORMAT]
#   FORMAT: icecast (default), nginx or haproxy (docs/imports.md); for nginx, ASTEROID_LOG_FORMAT
#   holds the log_format when it is not combined; ASTEROID_HLS_TARGET_SECONDS and
#   ASTEROID_HLS_GAP_SECONDS override Import:HlsTargetSeconds and Import:HlsGapSeconds.
#   ASTEROID_URL (default http://127.0.0.1:5080) and ASTEROID_API_KEY (default: .data/api-key)
# Prints the JSON answer: {"linesRead","sessionsImported","duplicates","skipped","rejected"}.
# Importing the same file twice adds nothing.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 SERVER_ID FILE [TIMEZONE such as +0000] [icecast|nginx|haproxy]" >&2; exit 2; }
server=$1 file=$2 tz=${3:-} format=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
url=${ASTEROID_URL:-http://127.0.0.1:5080}
key=${ASTEROID_API_KEY:-$(cat "$root/.data/api-key" 2>/dev/null || true)}
[[ -n $key ]] || { echo "set ASTEROID_API_KEY (or run ./run.sh once, which writes .data/api-key)" >&2; exit 2; }
[[ -r $file ]] || { echo "cannot read $file" >&2; exit 2; }
enc() { printf %s "$1" | jq -sRr @uri; }
query="server=$(enc "$server")"
[[ -n $tz ]] && query+="&timeZone=$(enc "$tz")"
[[ -n $format ]] && query+="&format=$(enc "$format")"
[[ -n ${ASTEROID_LOG_FORMAT:-} ]] && query+="&logFormat=$(enc "$ASTEROID_LOG_FORMAT")"
[[ -n ${ASTEROID_HLS_TARGET_SECONDS:-} ]] && query+="&hlsTargetSeconds=$(enc "$ASTEROID_HLS_TARGET_SECONDS")"
[[ -n ${ASTEROID_HLS_GAP_SECONDS:-} ]] && query+="&hlsGapSeconds=$(enc "$ASTEROID_HLS_GAP_SECONDS")"
# -T streams the file instead of loading it into memory; -X POST keeps the method.
curl -sS --fail-with-body -X POST -T "$file" -H "X-Api-Key: $key" -H "Content-Type: text/plain" \
  "$url/api/asteroid/admin/import/access-log?$query"
echo
