#!/usr/bin/env bash
# Rebuilds the committed Python-made model fixtures (Matching.Tests/Model/Fixtures/python-xgboost-*): features
# exported from the example history, a constrained XGBoost model trained on them in Python (binary:logistic and
# rank:ndcg), and the margins Python's xgboost gives each row. Needs Debian's python3-xgboost (1.7) at /usr/bin/python3; CI only reads the result.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build Matching.Api -c Release --verbosity quiet
work=$(mktemp -d)
fixture=Matching.Tests/Model/Fixtures/python-xgboost
dotnet Matching.Api/bin/Release/net10.0/Matching.Api.dll export-features --history docs/examples/history.jsonl --out "$work/features.csv" --format csv
for objective in binary:logistic rank:ndcg; do
  name=${objective%%:*}
  /usr/bin/python3 scripts/python/train_from_export.py --features "$work/features.csv" --out "$work/$name" --rounds 40 --objective "$objective"
  /usr/bin/python3 scripts/python/predict.py --model "$work/$name/model.json" --features "$work/features.csv" > "$work/$name/margins.txt"
  rm -rf "$fixture-$name"
  mkdir -p "$fixture-$name"
  cp "$work/$name/model.json" "$work/$name/card.json" "$work/$name/margins.txt" "$work/features.csv" "$work/features.csv.schema.json" "$fixture-$name/"
  echo "Wrote $fixture-$name"
done
rm -rf "$work"
