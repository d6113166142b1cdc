#!/usr/bin/env bash
# Regenerates the OpenAPI examples (Matching.Api/Examples) and the demo request (docs/examples) from the
# synthetic organisation and the default model; tests check the examples against the live service.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Matching.Api -c Release --verbosity quiet
matching() { dotnet Matching.Api/bin/Release/net10.0/Matching.Api.dll "$@"; }
pretty() { python3 -m json.tool --indent 2 "$1" > "$1.tmp" && mv "$1.tmp" "$1"; }

examples=Matching.Api/Examples
matching sample --candidates 6 --top 3 --seed 1 --mission 59 --out "$examples/match-request.json"
matching match --request "$examples/match-request.json" --request-id 4f1c2a7e9b5d4c3a8e6f0b1d2c3a4b5c --out "$examples/match-response.json"
python3 - "$examples/model-card.json" <<'PY'
import json, os, sys
card = json.load(open("models/default/card.json"))
for entry in card["data"]["inputs"]:
    entry["path"] = os.path.basename(entry["path"])
json.dump(card, open(sys.argv[1], "w"), indent=2)
PY
version=$(python3 -c 'import json; print(json.load(open("models/default/card.json"))["version"])')
printf '{\n  "reloaded": true,\n  "previous": "%s",\n  "serving": "mlnet-5d2f8a1c9e30",\n  "error": null\n}\n' "$version" > "$examples/reload-response.json"
for file in "$examples"/match-request.json "$examples"/match-response.json; do pretty "$file"; done

mkdir -p docs/examples
matching sample --candidates 100 --top 10 --seed 1 --mission 27 --out docs/examples/match-request.json
matching generate --missions 20 --seed 7 --out docs/examples/history.jsonl --population 300
