#!/usr/bin/env bash
# Installs what Matching needs on a Debian machine with the .NET SDK, then restores packages.
#   scripts/setup.sh          serving needs nothing beyond NuGet packages
#   scripts/setup.sh --test   also libgomp1, the OpenMP runtime LightGBM's native library trains with
#                             (present on most Debian machines; the tests train models), and postgresql
#                             (the database tests run a throwaway cluster: scripts/postgres.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
if [[ "${1:-}" == "--test" || "${1:-}" == "--train" ]]; then
  packages+=(libgomp1)
fi
if [[ "${1:-}" == "--test" ]]; then
  packages+=(postgresql)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if ((${#missing[@]})); then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  echo "Installing ${missing[*]} from Debian's packages..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "The .NET SDK (10) is required: https://dotnet.microsoft.com/download" >&2; exit 1; }
dotnet restore Matching.sln --verbosity quiet
