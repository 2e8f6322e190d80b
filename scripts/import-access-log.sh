#!/usr/bin/env bash
# Imports an Icecast access.log into Asteroid, streaming it (any size).
# usage: scripts/import-access-log.sh SERVER_ID FILE [TIMEZONE]
#   ASTEROID_URL (default http://127.0.0.1:5080) and ASTEROID_API_KEY (default: .data/api-key)
# Prints the JSON answer: {"linesRead","sessionsImported","duplicates","skipped","rejected"}.
# Importing the same file twice adds nothing.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 SERVER_ID FILE [TIMEZONE such as +0000]" >&2; exit 2; }
server=$1 file=$2 tz=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
url=${ASTEROID_URL:-http://127.0.0.1:5080}
key=${ASTEROID_API_KEY:-$(cat "$root/.data/api-key" 2>/dev/null || true)}
[[ -n $key ]] || { echo "set ASTEROID_API_KEY (or run ./run.sh once, which writes .data/api-key)" >&2; exit 2; }
[[ -r $file ]] || { echo "cannot read $file" >&2; exit 2; }
query="server=$(printf %s "$server" | jq -sRr @uri)"
[[ -n $tz ]] && query+="&timeZone=$(printf %s "$tz" | jq -sRr @uri)"
# -T streams the file instead of loading it into memory; -X POST keeps the method.
curl -sS --fail-with-body -X POST -T "$file" -H "X-Api-Key: $key" -H "Content-Type: text/plain" \
  "$url/api/asteroid/admin/import/access-log?$query"
echo
