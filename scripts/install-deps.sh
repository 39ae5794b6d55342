#!/usr/bin/env bash
# Installs the Debian packages cityties needs to build, test and render.
# Does nothing when every package is already installed; uses sudo when not root.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  librocksdb-dev libboost-graph-dev libgraphviz-dev graphviz libcxxopts-dev
  nlohmann-json3-dev libutf8proc-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  fonts-noto-cjk fonts-dejavu-core
  python3 python3-networkx python3-igraph
  libcpp-httplib-dev chromium nodejs npm
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
)
# A node and npm installed otherwise (e.g. a newer Node.js bundling its npm) count as installed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  PACKAGES=($(printf '%s\n' "${PACKAGES[@]}" | grep -vx -e nodejs -e npm))
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
