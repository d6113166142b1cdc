#!/usr/bin/env python3
"""Score an export-features CSV with a model.onnx written by `export-onnx`, in ONNX Runtime; prints one score per row
(the model's margin, as the service computes it before the sigmoid), in the CSV's row order.

    python3 scripts/python/score_onnx.py --model models/candidate/model.onnx --features .data/features.csv

The model's input is "Features" (float32[N, features], the CSV's feature columns in order, NaN for an empty cell);
its score output is "Score.output". Needs numpy and onnxruntime, e.g. in a virtual environment:
python3 -m venv .venv && .venv/bin/pip install onnxruntime numpy, then .venv/bin/python.
"""
import argparse
import csv
import math
import os
import sys

try:
    import numpy as np
    import onnxruntime
except ImportError as error:
    script = os.path.relpath(sys.argv[0]) if sys.argv and sys.argv[0] else "scripts/python/score_onnx.py"
    raise SystemExit("\n".join([
        f"error: {error.name or 'a package'} is missing from {sys.executable}; this script needs onnxruntime and numpy.",
        "Install them in a virtual environment (any OS), then run the script with its interpreter:",
        "  python3 -m venv .venv && .venv/bin/pip install onnxruntime numpy",
        f"  .venv/bin/python {script} ...",
    ]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="model.onnx written by export-onnx")
    parser.add_argument("--features", required=True, help="CSV written by export-features --format csv")
    args = parser.parse_args()

    with open(args.features, newline="") as f:
        reader = csv.reader(f)
        names = next(reader)[3:]  # qid, label, candidate_id, then the features
        rows = [[float(v) if v != "" else math.nan for v in record[3:]] for record in reader]
    data = np.asarray(rows, dtype=np.float32).reshape(len(rows), len(names))

    session = onnxruntime.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    features = next((i for i in session.get_inputs() if i.name == "Features"), session.get_inputs()[0])
    width = features.shape[-1]
    if isinstance(width, int) and width != len(names):
        raise SystemExit(f"error: the model reads {width} features but {args.features} has {len(names)}; export both with the same feature schema")
    score = next((o.name for o in session.get_outputs() if o.name in ("Score.output", "Score")), None)
    if score is None:
        raise SystemExit(f"error: the model has no Score output (it has {', '.join(o.name for o in session.get_outputs())})")

    (scores,) = session.run([score], {features.name: data})
    for value in np.asarray(scores).reshape(-1):
        print(repr(float(value)))


if __name__ == "__main__":
    main()
