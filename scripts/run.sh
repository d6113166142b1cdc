#!/usr/bin/env bash
# Sets up what is missing and runs the service at http://127.0.0.1:5080 on the repository's models/ folder:
# it serves models/default, and POST /v1/model/reload loads directories under models/ (as `train --out models/NAME`
# writes them), named relative to it: {"path": "NAME"}.
# Admin operations use the development key dev-admin-key unless Matching__AdminApiKey is set:
#   KEY=dev-admin-key; curl -H "X-Api-Key: $KEY" ...
# Production sets its own key (Matching__AdminApiKey) and never uses this one.
# Extra arguments go to the service, e.g. scripts/run.sh --urls http://0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

urls="http://127.0.0.1:5080"
models="$PWD/models"
if [[ -z "${Matching__AdminApiKey:-}" ]]; then
  export Matching__AdminApiKey=dev-admin-key
  echo "warning: admin key is the development key 'dev-admin-key' (KEY=dev-admin-key); production must set its own (Matching__AdminApiKey)." >&2
fi

echo "Matching on ${urls}: Swagger UI at ${urls}/swagger; try the demo request with"
echo "  curl -s ${urls}/v1/match -H 'Content-Type: application/json' -d @docs/examples/match-request.json"
echo "Models root ${models}: reload a model trained with --out models/NAME with"
echo "  curl -s -X POST ${urls}/v1/model/reload -H \"X-Api-Key: \$KEY\" -H 'Content-Type: application/json' -d '{\"path\": \"NAME\"}'"
exec dotnet run --project Matching.Api -c Release -- --urls "$urls" \
  --Matching:ModelsRoot="$models" --Matching:ModelPath="$models/default" "$@"
