#!/usr/bin/env bash
# Installs what Matching needs on a Debian machine with the .NET SDK, then restores packages.
#   scripts/setup.sh          runtime needs: libxgboost0 (the model's native library)
#   scripts/setup.sh --test   also python3-xgboost (interoperability tests)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libxgboost0)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(python3-xgboost)
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
