#!/usr/bin/env bash
# Sets up what is missing and runs the service at http://127.0.0.1:5080 on the repository's models/ folder:
# it serves models/default, and POST /v1/model/reload loads directories under models/ (as `train --out models/NAME`
# writes them), named relative to it: {"path": "NAME"}.
# Every call but health needs an API key (X-Api-Key). Unless Matching__ApiKeys__0__Sha256 is set, the service
# accepts the development key dev-admin-key with every scope (match, data, admin):
#   KEY=dev-admin-key; curl -H "X-Api-Key: $KEY" ...
# Production configures its own keys (`dotnet run --project Matching.Api -- new-api-key --id NAME --scopes match`)
# and never this one. Swagger UI is on here (off by default in Production).
# Extra arguments go to the service, e.g. scripts/run.sh --urls http://0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

urls="http://127.0.0.1:5080"
models="$PWD/models"
if [[ -z "${Matching__ApiKeys__0__Sha256:-}" ]]; then
  export Matching__ApiKeys__0__Id=development
  # SHA-256 of "dev-admin-key": keys are configured by hash, never in clear.
  export Matching__ApiKeys__0__Sha256=df76ff796f70d2c9cb055ea6280553caa27eda26b70e01082c160de75a05a4a9
  export Matching__ApiKeys__0__Scopes__0=match Matching__ApiKeys__0__Scopes__1=data Matching__ApiKeys__0__Scopes__2=admin
  echo "warning: the API key is the development key 'dev-admin-key' (KEY=dev-admin-key); production must set its own (new-api-key)." >&2
fi

echo "Matching on ${urls}: Swagger UI at ${urls}/swagger; try the demo request with"
echo "  curl -s ${urls}/v1/match -H 'X-Api-Key: dev-admin-key' -H 'Content-Type: application/json' -d @docs/examples/match-request.json"
echo "Models root ${models}: reload a model trained with --out models/NAME with"
echo "  curl -s -X POST ${urls}/v1/model/reload -H \"X-Api-Key: \$KEY\" -H 'Content-Type: application/json' -d '{\"path\": \"NAME\"}'"
exec dotnet run --project Matching.Api -c Release -- --urls "$urls" --Matching:SwaggerUi=true \
  --Matching:ModelsRoot="$models" --Matching:ModelPath="$models/default" "$@"
