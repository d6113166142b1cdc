#!/usr/bin/env bash
# Sets up what is missing (libgomp1 for LightGBM training, PostgreSQL for the database tests, NuGet packages),
# starts a throwaway PostgreSQL cluster, runs the whole test suite, and removes the cluster, even when tests fail.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
dotnet build Matching.sln -c Release --no-restore --verbosity quiet
eval "$(scripts/postgres.sh start)"
trap 'scripts/postgres.sh stop' EXIT
dotnet test Matching.sln -c Release --no-build --verbosity quiet --logger "console;verbosity=normal" "$@"
