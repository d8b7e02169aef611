#!/usr/bin/env bash
# Start a throwaway PostgreSQL + PostGIS cluster for the store tests.
#
# Usage: eval "$(bash .ci/postgres.sh)"
# Installs the packages when they are missing, starts a cluster in a fresh
# temporary folder listening only on a Unix socket there, creates the database
# "incidex" with the postgis extension, and prints
#   export INCIDEX_TEST_POSTGRES_URL=...
#   export INCIDEX_TEST_POSTGRES_DIR=...
# Stop it with: pg_ctl -D "$INCIDEX_TEST_POSTGRES_DIR/data" stop (as the cluster owner).
set -euo pipefail

pg_version=15
bin="/usr/lib/postgresql/$pg_version/bin"
if [ ! -x "$bin/initdb" ] || [ ! -f "/usr/share/postgresql/$pg_version/extension/postgis.control" ]; then
  echo "installing postgresql-$pg_version and postgis" >&2
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=""; else sudo_cmd="sudo -E"; fi
  $sudo_cmd apt-get install -y -q "postgresql-$pg_version" "postgresql-$pg_version-postgis-3" >&2 \
    || { $sudo_cmd apt-get update -q >&2 && $sudo_cmd apt-get install -y -q "postgresql-$pg_version" "postgresql-$pg_version-postgis-3" >&2; }
fi

# PostgreSQL refuses to run as root: run the cluster as an ordinary user.
if [ "$(id -u)" -eq 0 ]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner="$(id -un)"
  as_owner() { "$@"; }
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/incidex-pg.XXXXXX")"
chmod 755 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown "$owner" "$dir"; fi

# A port number is still needed to name the socket file; pick one nobody uses.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

as_owner "$bin/initdb" -D "$dir/data" -U "$owner" --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null
as_owner "$bin/createdb" -h "$dir" -p "$port" -U "$owner" incidex
as_owner "$bin/psql" -q -h "$dir" -p "$port" -U "$owner" -d incidex -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null

url="postgresql://$owner@/incidex?host=$dir&port=$port"
echo "export INCIDEX_TEST_POSTGRES_URL='$url'"
echo "export INCIDEX_TEST_POSTGRES_DIR='$dir'"
