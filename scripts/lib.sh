# Shared by scripts/run, scripts/test and scripts/soak. Source it; do not run it.
set -euo pipefail

RECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The Debian 12 packages rect builds, tests and runs with. The Dockerfile
# installs the same list (a test checks that they agree).
RECT_PACKAGES=(
  g++ cmake ninja-build pkg-config ccache curl
  librocksdb-dev librdkafka-dev libboost1.81-dev nlohmann-json3-dev doctest-dev libjemalloc-dev
)

say() { printf '%s\n' "$*" >&2; }

# ccache: paths relative to the checkout, so that another clone of the same
# tree (CI's) hits the cache too.
export CCACHE_BASEDIR="$RECT_ROOT"
export CCACHE_NOHASHDIR=1

# Installs whichever of RECT_PACKAGES (plus any extra arguments) is missing.
# Idempotent and silent when nothing is missing.
ensure_packages() {
  local missing=() p
  for p in "${RECT_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "rect: missing packages ${missing[*]} and no sudo to install them"; exit 1; }
    sudo=(sudo)
  fi
  say "rect: installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [cmake args...]: configures (once) and builds with Ninja.
build() {
  local dir=$1
  shift
  cmake -S "$RECT_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -- -j"$(nproc)"
}
