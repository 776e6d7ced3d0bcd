#!/usr/bin/env bash
# Fresh-machine check (issue #19): run the README's two commands in a brand-new Debian 12 root.
#
#   sudo scripts/fresh-debian.sh [ROOT] [REPO]      # defaults: /work/fresh-root, this checkout
#
# Run by hand, as root, on a Debian/Ubuntu host that has Node.js 20+ and npm; never by
# `npm test` or `.ci/run`. It
#   1. builds ROOT with debootstrap (bookworm, minbase) unless ROOT/usr/bin/apt-get exists,
#      then apt-installs what a fresh machine of this workplace has besides Node.js:
#      python3 make g++ git ca-certificates (no gofmt, nvim, patch, chromium, ...);
#   2. copies the host's Node.js and npm into ROOT (the "preinstalled" Node: Debian's own
#      is 18), with Node's headers, the npm configs and resolv.conf so the registry resolves;
#   3. clones REPO's HEAD into ROOT/root/kube-list-lint, removing any earlier clone, and with
#      an empty npm cache (ROOT/root/.npm removed) so `npm ci` downloads everything;
#   4. in a chroot with a clean environment (no CI), runs and times
#        npm ci && npx kube-list-lint check examples/
#        npm test
#      logging to ROOT/root/fresh-logs/{check,test}.log and a summary to summary.txt.
# Mounts (/proc, /sys, /dev) are undone on exit. Debian's mirror and the npm registry are the
# only network it needs. npm test takes 10-20 minutes on 2 shared cores: run it with nohup.
# Each command is stopped after LIMIT seconds (default 3600; exit 124 = it hung).
set -euo pipefail

ROOT=$(realpath -m "${1:-/work/fresh-root}")
REPO=$(realpath "${2:-$(git -C "$(dirname "$0")" rev-parse --show-toplevel)}")
MIRROR=${MIRROR:-http://deb.debian.org/debian}
APP=/root/kube-list-lint
LOGS=/root/fresh-logs
export DEBIAN_FRONTEND=noninteractive

[ "$(id -u)" = 0 ] || { echo "fresh-debian: run as root (debootstrap, chroot, mount)"; exit 2; }
case "$ROOT" in "$REPO"|"$REPO"/*) echo "fresh-debian: ROOT must be outside the repo"; exit 2;; esac
stamp() { echo "[$(date -u +%H:%M:%S)] $*"; }

# 1. Debian 12 root ---------------------------------------------------------------------------
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }
  stamp "debootstrap bookworm -> $ROOT"
  debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 \
    || { tail -20 "$ROOT.debootstrap.log"; exit 1; }
fi

mounted=()
cleanup() { for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -R "${mounted[i]}" 2>/dev/null || umount -lR "${mounted[i]}" || true; done; }
trap cleanup EXIT
mnt() { # mnt TYPE-or---rbind SRC DIR
  mountpoint -q "$3" && return 0
  if [ "$1" = --rbind ]; then mount --rbind "$2" "$3" && mount --make-rslave "$3"; else mount -t "$1" "$2" "$3"; fi
  mounted+=("$3")
}
mnt proc proc "$ROOT/proc"
mnt sysfs sys "$ROOT/sys"
mnt --rbind /dev "$ROOT/dev"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"

# A clean environment: what a login shell of a fresh machine would have, and no CI.
inroot() { chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

stamp "apt-get install python3 make g++ git ca-certificates"
inroot sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ git ca-certificates' \
  >"$ROOT.apt.log" 2>&1 || { tail -20 "$ROOT.apt.log"; exit 1; }
# The host's local CAs (public certificates, e.g. a TLS-inspecting egress proxy's): without
# them every registry request fails with SELF_SIGNED_CERT_IN_CHAIN.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  inroot update-ca-certificates >/dev/null
fi

# 2. The host's Node.js + npm ---------------------------------------------------------------------
NODE=$(readlink -f "$(command -v node)")            # e.g. /usr/bin/node or /usr/local/bin/node
PREFIX=$(dirname "$(dirname "$NODE")")               # /usr or /usr/local
NPMDIR="$PREFIX/lib/node_modules/npm"
[ -d "$NPMDIR" ] || { echo "fresh-debian: no npm at $NPMDIR"; exit 1; }
stamp "copying node $("$NODE" -v), npm $(npm -v) from $PREFIX"
install -D -m 755 "$NODE" "$ROOT$PREFIX/bin/node"
mkdir -p "$ROOT$PREFIX/lib/node_modules" "$ROOT$PREFIX/include"
rm -rf "$ROOT$NPMDIR" && cp -a "$NPMDIR" "$ROOT$NPMDIR"
[ -d "$PREFIX/include/node" ] && rm -rf "$ROOT$PREFIX/include/node" && cp -a "$PREFIX/include/node" "$ROOT$PREFIX/include/"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOT$PREFIX/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOT$PREFIX/bin/npx"
GLOBALRC=$(npm config get globalconfig)
[ -f "$GLOBALRC" ] && install -D -m 644 "$GLOBALRC" "$ROOT$GLOBALRC"
[ -f "$HOME/.npmrc" ] && install -D -m 600 "$HOME/.npmrc" "$ROOT/root/.npmrc"
stamp "registry in the root: $(inroot npm config get registry)"

# 3. A plain clone of HEAD, empty npm cache -----------------------------------------------------
rm -rf "$ROOT$APP" "$ROOT/root/.npm" "$ROOT/root/.cache" "$ROOT$LOGS"
git clone -q "$REPO" "$ROOT$APP"
mkdir -p "$ROOT$LOGS"
stamp "cloned $(git -C "$ROOT$APP" log -1 --format='%h %cd' --date=iso) into $ROOT$APP"

# 4. The README's two commands ------------------------------------------------------------------
run() { # run NAME COMMAND: time it, log it, keep its exit code
  local name=$1 cmd=$2 t0 t1 rc
  stamp "$name: $cmd"
  t0=$(date +%s)
  set +e
  /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KiB max RSS" -o "$ROOT$LOGS/$name.time" \
    timeout -k 10 "${LIMIT:-3600}" chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      sh -c "cd $APP && $cmd" >"$ROOT$LOGS/$name.log" 2>&1
  rc=$?
  set -e
  t1=$(date +%s)
  echo "$name: exit $rc, $((t1 - t0)) s ($(cat "$ROOT$LOGS/$name.time" | tail -1))" | tee -a "$ROOT$LOGS/summary.txt"
  return 0
}
run check 'npm ci && npx kube-list-lint check examples/'
run test 'npm test'

S="$ROOT$LOGS/summary.txt"
{
  echo "node $("$NODE" -v), npm $(npm -v), $(inroot sh -c '. /etc/os-release; echo $PRETTY_NAME')"
  echo "--- check output (after npm ci):"
  sed -n '/^added [0-9]* packages/,$p' "$ROOT$LOGS/check.log" | tail -n +2
  echo "--- npm test:"
  grep -E '^ *[0-9]+ (passing|pending|failing)' "$ROOT$LOGS/test.log" || true
  echo "--- pending titles:"
  grep -E '\(pending: ' "$ROOT$LOGS/test.log" | sed 's/^ *//' | sort | uniq -c || true
} >>"$S"
cat "$S"
