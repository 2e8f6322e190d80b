#!/usr/bin/env bash
# scripts/publish.sh [OUT] — publishes the two hosts exactly as the container images hold them
# (deploy/docker/Dockerfile runs this script) and as the deployment test runs them:
#   OUT/web   src/Web  (web front + silo)  entry point: dotnet Asteroid.Web.dll
#   OUT/silo  src/Silo (silo only)         entry point: dotnet Asteroid.Silo.dll   (and `… migrate`)
# Each host gets its own folder, so each keeps its own appsettings.json. Default OUT: artifacts/publish.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/publish}
mkdir -p "$out"
out=$(cd "$out" && pwd)
for host in web:src/Web silo:src/Silo; do
  name=${host%%:*} project=${host#*:}
  rm -rf "${out:?}/$name"
  dotnet publish "$project" -c Release --nologo -v quiet -clp:ErrorsOnly -p:UseAppHost=false -o "$out/$name"
done
echo "$out"
