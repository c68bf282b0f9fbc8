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
# The environment every way of starting the apps shares (config/process-env), where the container's
# own environment does not set it already.
# shellcheck disable=SC2013
for assignment in $(sed -e 's/#.*//' /app/config/process-env); do
  name="${assignment%%=*}"
  eval "already=\${$name+set}"
  [ -n "$already" ] || export "$assignment"
done
# The runtime flags every way of starting the apps shares (config/node-flags; comments stripped,
# one flag a word).
# shellcheck disable=SC2046
exec node --enable-source-maps $(sed -e 's/#.*//' /app/config/node-flags) "dist/apps/$APP/src/main.js" "$@"
