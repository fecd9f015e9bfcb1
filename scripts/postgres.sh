#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, from Debian's packages, on a loopback port in a
# temp dir:   eval "$(scripts/postgres.sh start)"   → exports BILLING_TEST_POSTGRES and PGTEMP_DIR
#             scripts/postgres.sh stop "$PGTEMP_DIR"
# Installs the package first when it is missing (apt-get install -y postgresql; needs root).
# As root, the cluster runs as the `postgres` user the package creates (initdb refuses root).
set -euo pipefail
command="${1:-start}"
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$command" in
  start)
    if [ -z "$(bin_dir)" ]; then
      echo "scripts/postgres.sh: installing PostgreSQL from Debian's packages" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    fi
    BIN=$(bin_dir)
    DIR=$(mktemp -d /tmp/billing-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >&2
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >&2
    echo "export BILLING_TEST_POSTGRES=postgres://postgres@127.0.0.1:$PORT/postgres PGTEMP_DIR=$DIR"
    ;;
  stop)
    DIR="${2:?usage: scripts/postgres.sh stop <dir printed by start>}"
    as_owner "$(bin_dir)/pg_ctl" -D "$DIR/data" -m fast -w stop >&2 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: scripts/postgres.sh start | stop <dir>" >&2
    exit 2
    ;;
esac
