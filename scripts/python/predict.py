#!/usr/bin/env python3
"""Score an export-features CSV with a model.json in Python's xgboost; prints one margin per row.

    python3 scripts/python/predict.py --model models/python-1/model.json --features .data/features.csv

Needs numpy and xgboost (see train_from_export.py: a virtual environment, or Debian's python3-xgboost).
"""
import argparse
import math

from train_from_export import load, xgb


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--features", required=True)
    args = parser.parse_args()
    booster = xgb.Booster()
    booster.load_model(args.model)
    data, _, _, names, _ = load(args.features)
    margins = booster.predict(xgb.DMatrix(data, missing=math.nan, feature_names=names), output_margin=True)
    for value in margins:
        print(repr(float(value)))


if __name__ == "__main__":
    main()
