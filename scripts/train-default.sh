#!/usr/bin/env bash
# Rebuilds the default model in models/default from generated histories, then the API examples.
# Training history: 6,000 missions (seed 1). Test set: a held-out history with another seed (2,000
# missions, seed 2), so the card's test metrics are measured on data the model never saw.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --train
dotnet build Matching.Api -c Release --no-restore --verbosity quiet
matching() { dotnet Matching.Api/bin/Release/net10.0/Matching.Api.dll "$@"; }

mkdir -p .data
matching generate --missions 6000 --seed 1 --out .data/history-seed1.jsonl
matching generate --missions 2000 --seed 2 --out .data/holdout-seed2.jsonl
matching train --history .data/history-seed1.jsonl --test .data/holdout-seed2.jsonl --out models/default --replace
scripts/examples.sh
