#!/bin/sh
# Installs k3dx as `k3d` into a folder ahead of the real k3d on PATH.
#
#   sh install.sh [--version vX.Y.Z] [--dir DIR]
#   sh install.sh --file PATH[.gz] [--checksums PATH] [--dir DIR]     offline
#
# Environment:
#   K3DX_INSTALL_DIR   where `k3d` goes (default ~/.local/bin; --dir wins)
#   K3DX_VERSION       the release tag (default: the latest release; --version wins)
#   K3DX_RELEASE_URL   the releases root, for mirrors (default below); it must serve
#                      <root>/download/<tag>/<asset> and <root>/latest/download/<asset>
#   K3DX_LIBC          musl or glibc: which Linux build to take (default: this machine's)
#
# What it guarantees: the binary matches the release's checksums.txt before anything is
# written; a `k3d` at the target that is not k3dx (the real k3d) is never replaced; an
# earlier k3dx there is replaced in one rename. POSIX sh, curl or wget, and sha256sum,
# shasum or openssl are all it needs; with gzip it downloads the compressed asset (half the
# bytes), checking both its checksum and the unpacked binary's.
set -eu

DEFAULT_RELEASE_URL="https://github.com/k3dx/k3dx/releases"

say() { printf '%s\n' "$*"; }
warn() { printf 'k3dx: %s\n' "$*" >&2; }
fail() { warn "$*"; exit 1; }
usage_error() { warn "$*; see 'sh install.sh --help'"; exit 2; }

usage() {
  cat <<'EOF'
Installs k3dx, a drop-in k3d with plugins and lifecycle hooks, as `k3d` in a folder
that comes before the real k3d on PATH.

Usage: sh install.sh [options]

Options:
  --version TAG      install this release (e.g. v0.2.0) instead of the latest
  --dir DIR          install into DIR (default ~/.local/bin)
  --file PATH        install this release binary (or its .gz) instead of downloading one
  --checksums PATH   the release's checksums.txt for --file (default: beside the file)
  -h, --help         show this help

Environment: K3DX_INSTALL_DIR, K3DX_VERSION, K3DX_RELEASE_URL (a mirror of the releases),
K3DX_LIBC (musl or glibc: the Linux build to install; default: this machine's).
EOF
}

version=${K3DX_VERSION:-}
dir=${K3DX_INSTALL_DIR:-}
file=
checksums=
while [ $# -gt 0 ]; do
  case $1 in
    --version | --dir | --file | --checksums)
      if [ $# -lt 2 ] || [ -z "$2" ]; then usage_error "$1 needs a value"; fi
      case $1 in
        --version) version=$2 ;;
        --dir) dir=$2 ;;
        --file) file=$2 ;;
        --checksums) checksums=$2 ;;
      esac
      shift 2
      ;;
    --version=* | --dir=* | --file=* | --checksums=*)
      value=${1#*=}
      [ -n "$value" ] || usage_error "${1%%=*} needs a value"
      case $1 in
        --version=*) version=$value ;;
        --dir=*) dir=$value ;;
        --file=*) file=$value ;;
        --checksums=*) checksums=$value ;;
      esac
      shift
      ;;
    -h | --help) usage; exit 0 ;;
    *) usage_error "unknown argument '$1'" ;;
  esac
done
[ -z "$checksums" ] || [ -n "$file" ] || usage_error "--checksums goes with --file"
if [ -z "$dir" ]; then
  [ -n "${HOME:-}" ] || fail "HOME is not set; choose a folder with K3DX_INSTALL_DIR or --dir"
  dir=$HOME/.local/bin
fi

# The platform, in the words of k3d's (and k3dx's) asset names.
case $(uname -s) in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) fail "there is no k3dx release for $(uname -s); build one from source with 'npm run build'" ;;
esac
machine=$(uname -m)
case $machine in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  i?86 | x86 | armv[5-7]* | armhf | arm)
    fail "k3dx cannot run on 32-bit $machine: Bun, which k3dx is built with, has no 32-bit build. Use the real k3d alone here (https://k3d.io ships $machine builds)" ;;
  *) fail "there is no k3dx release for $machine processors; build one from source with 'npm run build'" ;;
esac

# Bun's x64 runtime needs an x86-64-v2 processor (Nehalem, 2008, or newer): SSE4.2, POPCNT, …
if [ "$arch" = amd64 ] && [ "$os" = linux ] && [ -r /proc/cpuinfo ]; then
  flags=$(grep -m 1 '^flags' /proc/cpuinfo 2>/dev/null || true)
  for flag in sse4_2 popcnt ssse3 cx16; do
    case " $flags " in
      *" $flag "*) ;;
      *) [ -z "$flags" ] || fail "this processor lacks $flag, part of x86-64-v2, which k3dx's runtime (Bun) needs; k3dx cannot run here. Use the real k3d alone (https://k3d.io)" ;;
    esac
  done
fi

# The C library: Alpine and other musl systems cannot start the glibc build.
libc=
if [ "$os" = linux ]; then
  case ${K3DX_LIBC:-} in
    musl) libc=musl ;;
    glibc | gnu) libc= ;;
    # The system's own programs ask for musl's loader; a glibc system may have one too (Debian's musl package).
    '') if LC_ALL=C grep -q '/ld-musl-' /bin/sh 2>/dev/null; then libc=musl
        elif ! LC_ALL=C grep -q '/ld-linux' /bin/sh 2>/dev/null && [ -e "/lib/ld-musl-$machine.so.1" ]; then libc=musl
        fi ;;
    *) usage_error "K3DX_LIBC=$K3DX_LIBC is not a C library k3dx knows; use musl or glibc" ;;
  esac
fi
asset=k3d-$os-$arch${libc:+-$libc}
runs_hint=
if [ "$libc" = musl ]; then
  runs_hint=" (the musl build needs libstdc++: on Alpine, apk add libstdc++)"
  if [ -z "${K3DX_LIBC:-}" ] && [ ! -e /usr/lib/libstdc++.so.6 ] && [ ! -e /lib/libstdc++.so.6 ] && [ ! -e /usr/local/lib/libstdc++.so.6 ]; then
    fail "k3dx's musl build needs libstdc++, which is not installed: on Alpine, run 'apk add libstdc++' first"
  fi
fi
name=k3d
if [ "$os" = windows ]; then
  [ "$arch" = amd64 ] || fail "there is no k3dx release for Windows on $arch"
  asset=$asset.exe
  name=k3d.exe
fi
target=${dir%/}/$name

# Every k3dx is a Bun standalone executable (Bun's trailer) that knows K3DX_HOME; real k3d
# is a Go program and has neither. Same rule as src/k3d/wrapper-identity.ts.
is_k3dx() {
  [ -f "$1" ] &&
    LC_ALL=C grep -q -e 'K3DX_HOME' "$1" 2>/dev/null &&
    LC_ALL=C grep -q -e '---- Bun! ----' "$1" 2>/dev/null
}

# Refuse before downloading anything: nothing is worth overwriting the real k3d.
if [ -e "$target" ] || [ -L "$target" ]; then
  if ! is_k3dx "$target"; then
    fail "$target exists and is not k3dx (the real k3d?); refusing to replace it. Install k3dx into a folder that comes earlier on PATH: K3DX_INSTALL_DIR=DIR or --dir DIR"
  fi
  replacing=yes
else
  replacing=no
fi

download() { # URL DEST
  if command -v curl >/dev/null 2>&1; then
    # A redirect may only go to https: GitHub sends release downloads to its object store.
    error=$(curl --fail --silent --show-error --location --retry 3 --proto-redir '=https' --output "$2" "$1" 2>&1) ||
      fail "could not download $1: $(printf '%s' "$error" | tr '\n' ' ')"
  elif command -v wget >/dev/null 2>&1; then
    error=$(wget -q -O "$2" "$1" 2>&1) || fail "could not download $1 (wget): $(printf '%s' "$error" | tr '\n' ' ')"
  else
    fail "downloading needs curl or wget; or download $asset and checksums.txt yourself and use --file"
  fi
}

sha256_of() { # FILE
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
  else
    fail "verifying the checksum needs sha256sum, shasum or openssl"
  fi
}

# The digest checksums.txt gives for an asset ("" when it lists none), as `sha256sum -c` reads it.
checksum_of() { # ASSET
  awk -v asset="$1" '{ sub(/\r$/, "") } $2 == asset || $2 == "*" asset { print $1; exit }' "$work/checksums.txt" | tr 'A-F' 'a-f'
}

verify() { # ASSET FROM
  expected=$(checksum_of "$1")
  [ -n "$expected" ] || fail "the checksums file lists no $1; nothing was installed"
  actual=$(sha256_of "$work/$1")
  [ "$actual" = "$expected" ] && return
  if [ -n "$file" ]; then
    # A file of the user's: say what it is, when the checksums know it, before "mismatch".
    other=$(awk -v sum="$actual" '{ sub(/\r$/, "") } tolower($1) == sum { name = $2; sub(/^\*/, "", name); print name; exit }' "$work/checksums.txt")
    if [ -n "$other" ]; then
      fail "$2 is the release binary $other, for another platform: this machine ($os/$arch) needs $1; nothing was installed"
    fi
    case ${file##*/} in
      "$1") ;;
      *) fail "$2 is none of the binaries in $checksums (a build of your own? 'npm run build' makes dist/k3d, which differs from the release's $asset): pass the release's $1 with --file, or copy your build onto PATH by hand; nothing was installed" ;;
    esac
  fi
  fail "checksum mismatch for $1 from $2: expected $expected, got $actual; nothing was installed"
}

work=$(mktemp -d 2>/dev/null || mktemp -d -t k3dx-install)
staged=
cleanup() {
  rm -rf "$work"
  [ -z "$staged" ] || rm -f "$staged"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. The binary and the checksums it must match, from a release or from local files.
if [ -n "$file" ]; then
  [ -f "$file" ] || fail "$file: no such file"
  [ -n "$checksums" ] || checksums=$(dirname "$file")/checksums.txt
  [ -f "$checksums" ] || fail "$checksums: no such file; pass the release's checksums.txt with --checksums PATH"
  cp "$checksums" "$work/checksums.txt"
  from=$file
  case $file in
    *.gz)
      cp "$file" "$work/$asset.gz"
      verify "$asset.gz" "$from"
      gzip -dc "$work/$asset.gz" >"$work/$asset" 2>/dev/null || fail "$file does not unpack with gzip; nothing was installed" ;;
    *) cp "$file" "$work/$asset" ;;
  esac
else
  base=${K3DX_RELEASE_URL:-$DEFAULT_RELEASE_URL}
  base=${base%/}
  # Plain http only to this machine (a local mirror or a test); anything else must be https.
  case $base in
    https://*) ;;
    http://127.0.0.1 | http://127.0.0.1[:/]* | http://localhost | http://localhost[:/]* | http://\[::1\]*) ;;
    *) fail "K3DX_RELEASE_URL must start with https:// (plain http:// only for localhost): $base" ;;
  esac
  case $version in
    '') url=$base/latest/download ;;
    v*) url=$base/download/$version ;;
    *) url=$base/download/v$version ;;
  esac
  download "$url/checksums.txt" "$work/checksums.txt"
  # The gzip'd asset is half the bytes; releases without one (or machines without gzip) get the binary.
  if command -v gzip >/dev/null 2>&1 && [ -n "$(checksum_of "$asset.gz")" ]; then
    say "downloading $asset.gz from $url"
    download "$url/$asset.gz" "$work/$asset.gz"
    from=$url/$asset.gz
    verify "$asset.gz" "$from"
    gzip -dc "$work/$asset.gz" >"$work/$asset" 2>/dev/null || fail "$from does not unpack with gzip; nothing was installed"
  else
    say "downloading $asset from $url"
    download "$url/$asset" "$work/$asset"
    from=$url/$asset
  fi
fi

# 2. Verify before writing anything outside the work folder.
verify "$asset" "$from"

# 3. Stage it beside the target (same file system, so the final rename is atomic), make
#    sure it runs on this machine, then move it into place.
mkdir -p "$dir"
staged=${dir%/}/.$name.install.$$
cp "$work/$asset" "$staged"
chmod 755 "$staged"
# (K3DX_NO_PLUGINS would send even `plugin --version` to the real k3d.)
installed_version=$(K3DX_NO_PLUGINS='' "$staged" plugin --version 2>/dev/null) ||
  fail "the $asset binary does not run on this machine$runs_hint; nothing was installed"
mv -f "$staged" "$target"
staged=
if [ "$replacing" = yes ]; then
  say "replaced the k3dx at $target: $installed_version"
else
  say "installed $target: $installed_version"
fi

# 4. Where it stands on PATH: it must come before the real k3d to be the `k3d` people run.
canonical() { (cd "$1" 2>/dev/null && pwd -P); }
dir_canonical=$(canonical "$dir")
on_path=no
shadow=
real_k3d=
old_ifs=$IFS
IFS=:
set -f
for entry in ${PATH:-}; do
  [ -n "$entry" ] || continue
  entry_canonical=$(canonical "$entry") || continue
  if [ "$entry_canonical" = "$dir_canonical" ]; then
    on_path=yes
    continue
  fi
  if [ ! -f "$entry/$name" ] || [ ! -x "$entry/$name" ]; then continue; fi
  if [ "$on_path" = no ] && [ -z "$shadow" ]; then shadow=$entry/$name; fi
  if [ -z "$real_k3d" ] && ! is_k3dx "$entry/$name"; then real_k3d=$entry/$name; fi
done
set +f
IFS=$old_ifs

if [ "$on_path" = no ]; then
  warn "$dir is not on PATH. Add it before the real k3d, e.g. in ~/.profile: export PATH=\"$dir:\$PATH\""
elif [ -n "$shadow" ]; then
  warn "$shadow comes before $dir on PATH, so 'k3d' still runs it. Put $dir first: export PATH=\"$dir:\$PATH\""
fi
if [ -n "$real_k3d" ]; then
  say "k3dx hands k3d commands to the real k3d at $real_k3d"
elif [ -z "${K3DX_K3D:-}" ]; then
  warn "no real k3d found on PATH: install it (https://k3d.io) or set K3DX_K3D to its path"
fi
