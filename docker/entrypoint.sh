#!/bin/sh
# Starts the app named by APP (default: hub). Node replaces this shell, so it receives the stop
# signal directly and shuts the app down cleanly.
set -eu

APP="${APP:-hub}"
case "$APP" in
  hub | psb-adapter) ;;
  *)
    echo "APP must be 'hub' or 'psb-adapter', not '$APP'" >&2
    exit 64
    ;;
esac

cd /app
exec node --enable-source-maps "dist/apps/$APP/src/main.js" "$@"
