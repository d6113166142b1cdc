#!/usr/bin/env bash
# Trains each setting on each synthetic world and prints NDCG@10 on the world's held-out history, with the
# baseline and the oracle (ranking by the true utility): how the defaults were chosen (docs/training.md).
# Worlds: base, thresholds, noisy (docs/synthetic-history.md); 6,000 training missions (seed 1), 2,000 held out
# (seed 2), written to .data/worlds/ once. About 15 minutes on 2 cores.
#   scripts/compare-worlds.sh                       the settings below
#   scripts/compare-worlds.sh "--objective lambdarank" "--leaves 15"   other settings (one train option string each)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --train
dotnet build Matching.Api -c Release --no-restore --verbosity quiet
matching() { dotnet Matching.Api/bin/Release/net10.0/Matching.Api.dll "$@"; }
worlds=(base thresholds noisy)
if (($#)); then settings=("$@"); else settings=("" "--objective lambdarank" "--leaves 15" "--leaves 63 --max-depth -1" "--learning-rate 0.04" "--unconstrained"); fi

mkdir -p .data/worlds
for w in "${worlds[@]}"; do
  for part in "train 6000 1" "holdout 2000 2"; do
    set -- $part
    [[ -f .data/worlds/$w-$1.jsonl ]] || matching generate --world "$w" --missions "$2" --seed "$3" --out ".data/worlds/$w-$1.jsonl" --oracle ".data/worlds/$w-$1.oracle.jsonl" >/dev/null 2>&1
  done
done

printf '%-34s' "setting"; for w in "${worlds[@]}"; do printf '%12s' "$w"; done; echo
printf '%-34s' "baseline (skill coverage)"
for w in "${worlds[@]}"; do
  matching oracle --history ".data/worlds/$w-holdout.jsonl" --oracle ".data/worlds/$w-holdout.oracle.jsonl" --json 2>/dev/null \
    | python3 -c 'import json,sys; t=sys.stdin.read(); j=json.loads(t[t.index("{"):]); print(j["baseline"]["ndcg@10"], j["oracle"]["ndcg@10"])' > ".data/worlds/$w.oracle.txt"
  printf '%12.4f' "$(cut -d' ' -f1 ".data/worlds/$w.oracle.txt")"
done; echo
for setting in "${settings[@]}"; do
  printf '%-34s' "train ${setting:-(defaults)}"
  for w in "${worlds[@]}"; do
    out=".data/worlds/model-$w"
    # shellcheck disable=SC2086
    matching train --history ".data/worlds/$w-train.jsonl" --test ".data/worlds/$w-holdout.jsonl" --out "$out" --replace $setting >/dev/null 2>&1
    printf '%12.4f' "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metrics"]["model"]["ndcg10"])' "$out/card.json")"
  done; echo
done
printf '%-34s' "oracle (true utility)"
for w in "${worlds[@]}"; do printf '%12.4f' "$(cut -d' ' -f2 ".data/worlds/$w.oracle.txt")"; done; echo
