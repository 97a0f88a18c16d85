#!/usr/bin/env bash
# Prints a directory holding node >= 22.13 (what Electron 45 and its build tools need): the
# machine's own node's when it is new enough, else the official build that the npm registry
# carries as node-linux-<arch>, unpacked once under ~/.cache/bio-workbench.
# Usage: export PATH="$(bash scripts/node-22.sh):$PATH"
set -euo pipefail
VERSION=22.23.5

if command -v node >/dev/null && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 13) ? 0 : 1)'; then
  dirname "$(command -v node)"
  exit 0
fi
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "node-22.sh: no node-linux build for $(uname -m); install node >= 22.13 by hand" >&2; exit 1 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/bio-workbench/node-$VERSION-$arch"
if [[ ! -x $dir/bin/node ]]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$VERSION" >/dev/null && tar xzf "node-linux-$arch-$VERSION.tgz")
  mkdir -p "$dir"
  cp -r "$tmp/package/." "$dir/"
fi
"$dir/bin/node" --version >/dev/null
echo "$dir/bin"
