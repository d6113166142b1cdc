#!/usr/bin/env bash
# Sets up what is missing (libgomp1 for LightGBM training, NuGet packages) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
dotnet build Matching.sln -c Release --no-restore --verbosity quiet
dotnet test Matching.sln -c Release --no-build --verbosity quiet --logger "console;verbosity=normal" "$@"
