#!/bin/sh
# End to end: k3dx installed as `k3d` ahead of a k3d, examples/mirror installed, and two
# clusters created and deleted, so the mirror registry is created, shared and removed by
# the plugin's hooks. One script for two k3ds: CI runs it with the real k3d release and
# Docker (.github/workflows/e2e.yml); the tests run it with the stand-in
# (test/e2e/e2e-script.test.ts).
#
#   sh scripts/e2e.sh K3DX_BINARY REAL_K3D
#
# Everything happens in a temporary HOME and K3DX_HOME; clusters and the registry are
# removed at the end, whatever happened. Exit 0 when every check held.
set -eu

[ $# -eq 2 ] || { echo "usage: sh scripts/e2e.sh K3DX_BINARY REAL_K3D" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd -P)
k3dx=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
real=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2")
[ -x "$k3dx" ] || { echo "e2e: $k3dx is not an executable" >&2; exit 2; }
[ -x "$real" ] || { echo "e2e: $real is not an executable" >&2; exit 2; }

work=$(mktemp -d)
one=k3dx-e2e-one
two=k3dx-e2e-two
# Whatever a failed run left behind, and only that.
cleanup() {
  if "$real" cluster list -o json 2>/dev/null | grep -q '"name":"k3dx-e2e-'; then "$real" cluster delete "$one" "$two" >/dev/null 2>&1 || true; fi
  if registry_exists 2>/dev/null; then "$real" registry delete k3d-mirror >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# k3dx as `k3d`, first on PATH; the real k3d named by K3DX_K3D.
mkdir -p "$work/bin" "$work/home"
ln -s "$k3dx" "$work/bin/k3d"
export PATH="$work/bin:$PATH" HOME="$work/home" K3DX_HOME="$work/home/.k3d" K3DX_K3D="$real" NO_COLOR=1

failures=0
step() { printf '\n== %s\n' "$*"; }
check() { # DESCRIPTION COMMAND…
  what=$1
  shift
  if "$@"; then echo "ok     $what"; else echo "FAILED $what"; failures=$((failures + 1)); fi
}
# Runs k3d (k3dx) and keeps stdout and stderr apart, shown as they were.
run() { # NAME ARGS…
  name=$1
  shift
  status=0
  k3d "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  sed 's/^/  | /' "$work/$name.out" "$work/$name.err"
  echo "  (exit $status)"
  return "$status"
}
has() { grep -F -q -e "$2" "$work/$1"; }
registry_exists() { "$real" registry list -o json | grep -F -q '"name":"k3d-mirror"'; }
no_registry() { ! registry_exists; }

step "k3d is k3dx, in front of $("$real" version | head -n 1)"
check "k3d plugin --version answers" sh -c 'k3d plugin --version | grep -q "^k3dx version v"'
run doctor plugin doctor || true
check "doctor finds the real k3d" has doctor.out "real k3d v"

step "install examples/mirror"
check "k3d plugin install ./examples/mirror" run install plugin install "$here/examples/mirror"
run hooks plugin hooks
check "its hooks are registered" has hooks.out "mirror"

step "create $one: the pre-create hook creates the registry and hands back --registry-use"
check "k3d cluster create $one" run create-one cluster create "$one" --wait
check "the hook's lines are prefixed [mirror]" has create-one.err "[mirror] "
check "the hook's summary line" has create-one.err "k3dx: pre-cluster-create mirror ok in "
check "registry k3d-mirror exists" registry_exists

step "create $two: the registry is shared"
check "k3d cluster create $two" run create-two cluster create "$two" --wait
check "the hook finds the registry there" has create-two.err "[mirror] registry k3d-mirror exists"
run status mirror status || true
check "k3d mirror status names both clusters" has status.out "used by: $one, $two"

step "delete $one: the registry stays"
check "k3d cluster delete $one" run delete-one cluster delete "$one"
check "the post-delete hook keeps it" has delete-one.err "[mirror] registry k3d-mirror stays: used by $two"
check "registry k3d-mirror still exists" registry_exists

step "delete $two: the registry goes"
check "k3d cluster delete $two" run delete-two cluster delete "$two"
check "the post-delete hook deletes it" has delete-two.err "[mirror] deleted registry k3d-mirror: no cluster uses it"
check "the post-delete summary line" has delete-two.err "k3dx: post-cluster-delete mirror ok in "
check "registry k3d-mirror is gone" no_registry

echo
if [ "$failures" -eq 0 ]; then
  echo "e2e: every check passed"
else
  echo "e2e: $failures checks failed"
  exit 1
fi
