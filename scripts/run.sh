#!/usr/bin/env bash
# Sets up what is missing and runs the service on its default model, at http://127.0.0.1:5080.
# Extra arguments go to the service, e.g. scripts/run.sh --urls http://0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

urls="http://127.0.0.1:5080"
echo "Matching on ${urls}: Swagger UI at ${urls}/swagger; try the demo request with"
echo "  curl -s ${urls}/v1/match -H 'Content-Type: application/json' -d @docs/examples/match-request.json"
exec dotnet run --project Matching.Api -c Release -- --urls "$urls" "$@"
