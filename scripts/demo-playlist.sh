#!/usr/bin/env bash
# Demo "automation" for ./run.sh: plays a playlist on each given mount by setting the source's
# metadata through Icecast's /admin/metadata?mode=updinfo at each track change, so the polls of
# /admin/stats see plays (Live shows now playing; the Tracks page fills). Each mount starts at a
# different point of the list. Stops on SIGTERM/SIGINT.
# usage: demo-playlist.sh PORT ADMIN_PASSWORD MOUNT...
set -u
port=$1; password=$2; shift 2
mounts=("$@")
# artist|title|seconds
playlist=(
  "Nocturne Trio|Blue Hour|75" "The Loopbacks|127 Reasons|60" "Ada Lovelace Quartet|Analytical Engine|90"
  "Sine Wave Society|440 Hertz|45" "Mira Okafor|Harbour Lights|80" "The Pollers|Every Five Seconds|55"
  "Station ID|Asteroid Radio|15" "Quiet Orbit|Perihelion|100" "Los Midpoints|Medio Segundo|65"
)
trap 'exit 0' TERM INT

update() { # mount artist title
  curl -s -o /dev/null -u "admin:$password" -G "http://127.0.0.1:$port/admin/metadata" \
    --data-urlencode "mount=$1" --data-urlencode "mode=updinfo" --data-urlencode "song=$2 - $3"
}

declare -A position=() remaining=()
for i in "${!mounts[@]}"; do position[$i]=$((i * 3)); remaining[$i]=0; done
while true; do
  for i in "${!mounts[@]}"; do
    if (( remaining[$i] <= 0 )); then
      IFS='|' read -r artist title seconds <<< "${playlist[position[$i] % ${#playlist[@]}]}"
      update "${mounts[$i]}" "$artist" "$title"
      remaining[$i]=$seconds
      position[$i]=$((position[$i] + 1))
    fi
    remaining[$i]=$((remaining[$i] - 1))
  done
  sleep 1
done
