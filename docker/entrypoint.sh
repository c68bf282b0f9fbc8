#!/bin/sh
# Starts the app named by APP (default: hub). Node replaces this shell, so it receives the stop
# signal directly and shuts the app down cleanly.
set -eu

APP="${APP:-hub}"
case "$APP" in
  hub | psb-adapter | linkage) ;;
  *)
    echo "APP must be 'hub', 'psb-adapter' or 'linkage', not '$APP'" >&2
    exit 64
    ;;
esac

cd /app
# jemalloc as the allocator (the image installs Debian's libjemalloc2), as startNodeService runs the
# apps locally: with glibc's malloc a busy process's resident memory kept growing with freed memory.
if [ -z "${LD_PRELOAD:-}" ]; then
  for library in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
    if [ -e "$library" ]; then
      export LD_PRELOAD="$library"
      break
    fi
  done
fi
# The runtime flags every way of starting the apps shares (config/node-flags; comments stripped,
# one flag a word).
# shellcheck disable=SC2046
exec node --enable-source-maps $(sed -e 's/#.*//' /app/config/node-flags) "dist/apps/$APP/src/main.js" "$@"
