#!/usr/bin/env bash
# Local PostgreSQL from Debian's packages: install if absent, start, create one database per service.
#
#   deploy/postgres.sh start   install (if needed), start the cluster, create role and databases
#   deploy/postgres.sh stop    stop the cluster
#   deploy/postgres.sh url DB  print the SQLAlchemy URL of database DB
#
# Environment: PGPORT (5432), CLINIC_DB_USER (clinic), CLINIC_DB_PASSWORD (clinic: a local
# development credential, not a secret; production sets its own).
set -euo pipefail

PGPORT="${PGPORT:-5432}"
DB_USER="${CLINIC_DB_USER:-clinic}"
DB_PASSWORD="${CLINIC_DB_PASSWORD:-clinic}"
DATABASES=(clinic_settings clinic_availability clinic_requests clinic_notifications)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_if_absent() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "installing PostgreSQL from Debian's packages"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q postgresql
  fi
}

CLUSTER=main

cluster() {  # prints "VERSION NAME" of the cluster named main (others, e.g. a test's own, are left alone)
  pg_lsclusters -h | awk -v n="$CLUSTER" '$2==n {print $1, $2; exit}'
}

psql_admin() { as_root su postgres -c "psql -p $PGPORT -v ON_ERROR_STOP=1 -qtA $*"; }

start() {
  install_if_absent
  read -r version name < <(cluster) || true  # none yet: made below
  if [ -z "${version:-}" ]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -1)
    name=$CLUSTER
    as_root pg_createcluster "$version" "$name" -p "$PGPORT"
  fi
  if ! pg_lsclusters -h | awk -v v="$version" -v n="$name" '$1==v && $2==n {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$version" "$name" start
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$PGPORT" && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p "$PGPORT"
  if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"")" != 1 ]; then
    psql_admin "-c \"CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\""
  fi
  for db in "${DATABASES[@]}"; do
    if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$db'\"")" != 1 ]; then
      psql_admin "-c \"CREATE DATABASE $db OWNER $DB_USER\""
    fi
  done
  echo "PostgreSQL $version ready on 127.0.0.1:$PGPORT; databases: ${DATABASES[*]}"
}

stop() {
  read -r version name < <(cluster) || true
  [ -n "${version:-}" ] && as_root pg_ctlcluster "$version" "$name" stop || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "postgresql+asyncpg://$DB_USER:$DB_PASSWORD@127.0.0.1:$PGPORT/${2:?database name}" ;;
  *) echo "usage: $0 start|stop|url DB" >&2; exit 2 ;;
esac
