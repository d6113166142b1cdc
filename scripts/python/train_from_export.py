#!/usr/bin/env python3
"""Train a Matching ranking model in Python on a feature matrix exported by `export-features --format csv`,
and write a model directory (model.json + card.json) the service can load.

    python3 scripts/python/train_from_export.py --features features.csv --out models/python-1

The card declares the feature schema found beside the export (<features>.schema.json); the service refuses a
model whose schema differs from the code's. Trains with the schema's monotone and per-factor interaction constraints (the service refuses a model
whose trees mix factors). Needs numpy and xgboost 1.7 or later, in any python3: a virtual environment
(python3 -m venv .venv && .venv/bin/pip install xgboost numpy, then .venv/bin/python) or Debian's python3-xgboost
(then /usr/bin/python3).
"""
import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import sys
import tempfile


def missing_packages(error, packages="xgboost numpy"):
    """Exits with how to get the packages this interpreter lacks: Debian's, or a virtual environment's."""
    script = os.path.relpath(sys.argv[0]) if sys.argv and sys.argv[0] else "scripts/python/<script>.py"
    lines = [
        f"error: {error.name or 'a package'} is missing from {sys.executable}; this script needs {packages.replace(' ', ' and ')}.",
        "Either install them for this interpreter in a virtual environment (any OS):",
        f"  python3 -m venv .venv && .venv/bin/pip install {packages}",
        f"  .venv/bin/python {script} ...",
    ]
    if packages == "xgboost numpy":
        lines += [
            "or, on Debian/Ubuntu, install Debian's packages and run the script with Debian's interpreter:",
            "  sudo apt-get install python3-xgboost",
            f"  /usr/bin/python3 {script} ...",
        ]
    raise SystemExit("\n".join(lines))


try:
    import numpy as np
    import xgboost as xgb
except ImportError as error:
    missing_packages(error)


def load(path):
    """Rows, grades, query sizes and feature names from an export-features CSV (empty cell = missing)."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        names = header[3:]
        qids, labels, rows = [], [], []
        for record in reader:
            qids.append(int(record[0]))
            labels.append(float(record[1]))
            rows.append([float(v) if v != "" else math.nan for v in record[3:]])
    data = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(names))
    sizes = [sum(1 for _ in group) for _, group in __import__("itertools").groupby(qids)]
    return data, np.asarray(labels, dtype=np.float32), sizes, names, qids


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--features", required=True, help="CSV written by export-features")
    parser.add_argument("--out", required=True, help="model directory to write (must not exist)")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--objective", default="rank:ndcg")
    parser.add_argument("--max-depth", type=int, default=5)
    parser.add_argument("--eta", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--unconstrained", action="store_true",
                        help="train without the schema's monotone and per-factor constraints (the service refuses such a model:"
                             " its explanations could not be exact)")
    args = parser.parse_args()

    with open(args.features + ".schema.json") as f:
        schema = json.load(f)
    data, labels, sizes, names, _ = load(args.features)
    if names != [feature["name"] for feature in schema["features"]]:
        raise SystemExit("the CSV columns do not match its schema file")

    if args.objective.startswith("binary:"):
        labels = (labels >= 2).astype(np.float32)  # staffed (grade 2 or 3) or not, as the service's binary models learn
    train = xgb.DMatrix(data, label=labels, missing=math.nan, feature_names=names)
    train.set_group(sizes)
    params = {
        "objective": args.objective, "eval_metric": "ndcg@10", "tree_method": "hist", "eta": args.eta,
        "max_depth": args.max_depth, "seed": args.seed, "nthread": 2,
    }
    if not args.unconstrained:
        # The schema's constraints, as the service trains with them: each tree uses one factor's features.
        params["monotone_constraints"] = "(" + ",".join(str(f["monotone"]) for f in schema["features"]) + ")"
        factors = list(dict.fromkeys(f["factor"] for f in schema["features"]))
        params["interaction_constraints"] = str([[i for i, f in enumerate(schema["features"]) if f["factor"] == factor] for factor in factors]).replace(" ", "")
    booster = xgb.train(params, train, num_boost_round=args.rounds)

    out = os.path.abspath(args.out)
    if os.path.exists(out):
        raise SystemExit(f"{out} exists")
    staging = tempfile.mkdtemp(prefix=".python-model-", dir=os.path.dirname(out))
    model_path = os.path.join(staging, "model.json")
    booster.save_model(model_path)
    with open(model_path, "rb") as f:
        model_hash = hashlib.sha256(f.read()).hexdigest()
    with open(args.features, "rb") as f:
        input_hash = hashlib.sha256(f.read()).hexdigest()
    card = {
        "version": "py-" + model_hash[:12],
        "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "featureSchema": schema,
        "objective": args.objective,
        "parameters": {k: str(v) for k, v in params.items()},
        "libraryVersion": "xgboost " + xgb.__version__ + " (python)",
        "training": {
            "rounds": args.rounds, "bestIteration": args.rounds - 1, "earlyStoppingRounds": 0,
            "validationMetric": "none", "validationScore": 0, "seconds": 0, "threads": 2, "seed": args.seed,
        },
        "data": {
            "inputs": [{"path": os.path.abspath(args.features), "sha256": input_hash, "bytes": os.path.getsize(args.features)}],
            "train": {"missions": len(sizes), "rows": int(data.shape[0])},
            "validation": {"missions": 0, "rows": 0},
            "test": {"missions": 0, "rows": 0},
        },
        "notes": "Trained in Python from an exported feature matrix; run `evaluate` for metrics against the baseline.",
    }
    with open(os.path.join(staging, "card.json"), "w") as f:
        json.dump(card, f, indent=2)
    os.rename(staging, out)
    print(f"wrote {out} ({card['version']}, {args.rounds} trees)")


if __name__ == "__main__":
    main()
