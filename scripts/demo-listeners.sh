#!/usr/bin/env bash
# Demo audience for ./run.sh: curl listeners with player user agents and distinct 127.0.0.x
# addresses that come and go on the given mounts. Stops its listeners on SIGTERM/SIGINT.
# usage: demo-listeners.sh PORT MOUNT...
set -u
source "$(dirname "$0")/lib.sh"
port=$1; shift
mounts=("$@")
declare -A children=()
cleanup() { for pid in "${!children[@]}"; do kill "$pid" 2>/dev/null; done; exit 0; }
trap cleanup TERM INT EXIT

while true; do
  for pid in "${!children[@]}"; do kill -0 "$pid" 2>/dev/null || unset "children[$pid]"; done
  if (( ${#children[@]} < 4 + RANDOM % 6 )); then
    mount=${mounts[RANDOM % ${#mounts[@]}]}
    agent=${PLAYER_AGENTS[RANDOM % ${#PLAYER_AGENTS[@]}]}
    # Most stay 30 s to 4.5 min; one in three stays 5 to 20 min, long enough to count in AQH
    # (5 minutes within a quarter hour), so every dashboard figure has something to show.
    seconds=$((RANDOM % 3 == 0 ? 300 + RANDOM % 900 : 30 + RANDOM % 240))
    curl -s -o /dev/null --interface "127.0.0.$((2 + RANDOM % 200))" -A "$agent" \
      --max-time "$seconds" "http://127.0.0.1:$port$mount" &
    children[$!]=1
  fi
  sleep $((1 + RANDOM % 4))
done
