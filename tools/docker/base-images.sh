#!/usr/bin/env bash
# CI helper (not part of any image): builds LOCAL stand-ins for the base images that
# docker/*.Dockerfile name, for machines that cannot reach an image registry. With registry
# access you need none of this: `docker compose build` pulls the official images of the same tags.
#
#   tools/docker/base-images.sh        (as root, with a running Docker engine; starts nothing)
#
# Stand-ins, tagged exactly as the Dockerfiles name them (STRIDE_DEBIAN_TAG / STRIDE_NODE_TAG below):
# - debian:<point release>-slim — `debootstrap --variant=minbase bookworm` against this machine's
#   Debian mirror (DEBIAN_MIRROR to choose another), without apt lists, caches, logs, docs,
#   the host's resolv.conf or machine-id; every file's mtime (and /etc/shadow's last-change
#   day) is the mirror's Release date (SOURCE_DATE_EPOCH), names sorted, numeric owners: the
#   same mirror state gives a byte-identical rootfs tar (two runs compared by their sha256).
#   Fails if the release debootstrap installs is not the pinned point release.
# - node:<version>-bookworm-slim — that debian + the official Node.js binary from the npm
#   registry (tools/node-lts.sh: same pinned LTS, sha512-checked) + npm (the version that Node
#   release bundles, from the registry) + user `node` (uid/gid 1000), as in the official image.
#   Only here (never in our Dockerfiles) the machine's CA bundle is added and named in
#   NODE_EXTRA_CA_CERTS, because this machine's TLS-intercepting proxy re-signs registry traffic.
# A stand-in whose tag exists with the same `org.stride.base` label (a hash of this script and
# its inputs) is kept, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."

STRIDE_DEBIAN_TAG=debian:12.15-slim
STRIDE_NODE_VERSION=$(tools/node-lts.sh --version)
STRIDE_NODE_TAG=node:$STRIDE_NODE_VERSION-bookworm-slim
# npm as bundled with Node.js 24.22.3 (its CHANGELOG: "upgrade npm to 11.19.1"); integrity from
# `npm view npm@11.19.1 dist.integrity`, checked below.
NPM_VERSION=11.19.1
NPM_INTEGRITY=sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g==
CA_BUNDLE=${STRIDE_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

fail() {
  echo "base-images: $*" >&2
  exit 1
}
say() { echo "base-images: $*"; }

[ "$(id -u)" = 0 ] || fail "debootstrap needs root; run this as root."
command -v docker >/dev/null || fail "no docker client on PATH; install Debian's docker.io."
command -v debootstrap >/dev/null || fail "debootstrap is missing; install it with: apt-get install debootstrap."
docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info failed); start dockerd first or set DOCKER_HOST."
export DOCKER_BUILDKIT=0

# The images the Dockerfiles name must be exactly the ones made here.
for from in $(sed -n 's/^FROM \([^ ]*\).*/\1/p' docker/*.Dockerfile | sort -u); do
  case "$from" in
    "$STRIDE_DEBIAN_TAG" | "$STRIDE_NODE_TAG") ;;
    *) fail "docker/*.Dockerfile names the base image $from, which this helper does not make (it makes $STRIDE_DEBIAN_TAG and $STRIDE_NODE_TAG)." ;;
  esac
done

if [ -z "${DEBIAN_MIRROR:-}" ]; then
  DEBIAN_MIRROR=$(sed -n 's/^URIs: *\([^ ]*\/debian\)\/\{0,1\}$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$DEBIAN_MIRROR" ] || DEBIAN_MIRROR=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\/debian\)\/\{0,1\} bookworm .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
  DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
fi

self_hash=$(sha256sum "$0" | cut -c1-16)
label_of() { docker image inspect -f '{{index .Config.Labels "org.stride.base"}}' "$1" 2>/dev/null || true; }

work=$(mktemp -d /tmp/stride-base-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

# --- debian -----------------------------------------------------------------------------------
debian_label="$self_hash $DEBIAN_MIRROR"
if [ "$(label_of "$STRIDE_DEBIAN_TAG")" = "$debian_label" ]; then
  say "$STRIDE_DEBIAN_TAG is up to date (kept)"
else
  say "debootstrap --variant=minbase bookworm from $DEBIAN_MIRROR (a few minutes)"
  root=$work/rootfs
  if ! debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1; then
    tail -n 5 "$work/debootstrap.log" >&2
    fail "debootstrap of bookworm from $DEBIAN_MIRROR failed (log above)."
  fi
  release=$(cat "$root/etc/debian_version")
  [ "debian:$release-slim" = "$STRIDE_DEBIAN_TAG" ] ||
    fail "the mirror $DEBIAN_MIRROR installs Debian $release, not the pinned $STRIDE_DEBIAN_TAG; update STRIDE_DEBIAN_TAG here and FROM in docker/*.Dockerfile together."
  release_file=$(ls "$root"/var/lib/apt/lists/*_InRelease "$root"/var/lib/apt/lists/*_Release 2>/dev/null | head -n 1)
  epoch=$(date -d "$(sed -n 's/^Date: //p' "$release_file" | head -n 1)" +%s)
  # As the official image: the suites and security, no docs/man pages, apt caches cleaned.
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $DEBIAN_MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${DEBIAN_MIRROR%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
    "$root"/var/lib/dpkg/*-old "$root"/var/cache/ldconfig/aux-cache "$root"/etc/*- \
    "$root"/debootstrap "$root"/dev/* "$root"/proc/* "$root"/sys/* "$root"/run/* "$root"/tmp/*
  find "$root/var/log" -type f -delete
  : >"$root/etc/resolv.conf"
  : >"$root/etc/hostname"
  : >"$root/etc/machine-id"
  # The last password change (days since 1970) of every account: the Release day, not today.
  sed -i "s/^\([^:]*:[^:]*:\)[0-9]*:/\1$((epoch / 86400)):/" "$root/etc/shadow"
  tar -C "$root" --sort=name --mtime="@$epoch" --numeric-owner --xattrs \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "$work/rootfs.tar" .
  say "rootfs: $(du -h "$work/rootfs.tar" | cut -f1), sha256 $(sha256sum "$work/rootfs.tar" | cut -c1-16) (SOURCE_DATE_EPOCH=$epoch)"
  docker import --change "LABEL org.stride.base=\"$debian_label\"" --change 'CMD ["bash"]' \
    "$work/rootfs.tar" "$STRIDE_DEBIAN_TAG" >/dev/null
  rm -rf "$root" "$work/rootfs.tar"
  say "tagged $STRIDE_DEBIAN_TAG"
fi

# --- node -------------------------------------------------------------------------------------
node_bin=$(tools/node-lts.sh) || fail "could not get Node.js $STRIDE_NODE_VERSION (tools/node-lts.sh failed)."
node_dir=$(dirname "$node_bin")
ca_hash=none
[ -f "$CA_BUNDLE" ] && ca_hash=$(sha256sum "$CA_BUNDLE" | cut -c1-16)
debian_id=$(docker image inspect -f '{{.Id}}' "$STRIDE_DEBIAN_TAG")
node_label="$self_hash $debian_id $STRIDE_NODE_VERSION npm-$NPM_VERSION ca-$ca_hash"
if [ "$(label_of "$STRIDE_NODE_TAG")" = "$node_label" ]; then
  say "$STRIDE_NODE_TAG is up to date (kept)"
else
  ctx=$work/node
  mkdir -p "$ctx/usr/local"
  cp -a "$node_dir/bin" "$node_dir/include" "$node_dir/share" "$ctx/usr/local/"
  (cd "$work" && npm pack --loglevel=error "npm@$NPM_VERSION" >/dev/null 2>"$work/npm.log") ||
    fail "npm could not fetch npm@$NPM_VERSION from the registry ($(head -n 1 "$work/npm.log"))."
  actual=sha512-$(openssl dgst -sha512 -binary "$work/npm-$NPM_VERSION.tgz" | base64 -w 0)
  [ "$actual" = "$NPM_INTEGRITY" ] || fail "npm@$NPM_VERSION from the registry has integrity $actual, not the pinned $NPM_INTEGRITY."
  mkdir -p "$ctx/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$ctx/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ctx/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ctx/usr/local/bin/npx"
  ca_env=
  if [ -f "$CA_BUNDLE" ]; then
    mkdir -p "$ctx/usr/local/share/stride-ci"
    cp "$CA_BUNDLE" "$ctx/usr/local/share/stride-ci/ca-certificates.crt"
    ca_env="ENV NODE_EXTRA_CA_CERTS=/usr/local/share/stride-ci/ca-certificates.crt"
  fi
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $STRIDE_DEBIAN_TAG
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY usr /usr
ENV NODE_VERSION=$STRIDE_NODE_VERSION
$ca_env
LABEL org.stride.base="$node_label"
CMD ["node"]
DOCKERFILE
  docker build --network none -q -t "$STRIDE_NODE_TAG" "$ctx" >/dev/null || fail "docker build of $STRIDE_NODE_TAG failed."
  got=$(docker run --rm --network none "$STRIDE_NODE_TAG" sh -c 'node --version && npm --version' | tr '\n' ' ')
  [ "$got" = "v$STRIDE_NODE_VERSION $NPM_VERSION " ] || fail "$STRIDE_NODE_TAG says '$got', not node v$STRIDE_NODE_VERSION and npm $NPM_VERSION."
  say "tagged $STRIDE_NODE_TAG (node v$STRIDE_NODE_VERSION, npm $NPM_VERSION)"
fi
