#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for eventwire's tests and benchmarks.
#
#   scripts/pg_cluster.sh start DIR PORT   initdb in DIR (if needed), start on 127.0.0.1:PORT, create the
#                                          database eventwire_test; prints its URL on stdout (last line)
#   scripts/pg_cluster.sh stop  DIR [PORT] stop the server and remove DIR
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to an unprivileged system user
# (EVENTWIRE_PG_USER, default "eventwire", created when missing); otherwise it runs as the current user.
# Authentication is "trust", on 127.0.0.1 and on a Unix socket inside DIR only: never expose this cluster.
# It is tuned for throw-away use (fsync off): a killed client never corrupts it, a power cut may.
# Binaries: PATH first, else the newest /usr/lib/postgresql/*/bin.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action=$1
dir=$2
port=${3:-55432}
db=eventwire_test

find_bin() {
    # pg_ctl on PATH may be a lone symlink (e.g. in /usr/local/bin): use the folder it really lives in.
    if command -v pg_ctl >/dev/null 2>&1; then
        local real
        real=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
        if [[ -x $real/initdb && -x $real/psql && -x $real/createdb ]]; then
            echo "$real"
            return
        fi
    fi
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -z $found || ! -x $found/pg_ctl || ! -x $found/psql ]]; then
        echo "PostgreSQL binaries not found (install the Debian package 'postgresql')" >&2
        exit 1
    fi
    echo "$found"
}

if [[ $action == stop && ! -f $dir/data/PG_VERSION ]]; then
    rm -rf "$dir"  # nothing running here (or a start that failed early): nothing to stop
    exit 0
fi
bin=$(find_bin)
if [[ $(id -u) -eq 0 ]]; then
    user=${EVENTWIRE_PG_USER:-eventwire}
    if ! id "$user" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    as_user() { runuser -u "$user" -- "$@"; }
else
    user=$(id -un)
    as_user() { "$@"; }
fi

case $action in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ $(id -u) -eq 0 ]] && chown "$user" "$dir"
    chmod 700 "$dir"
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        as_user "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-locale >"$dir/initdb.log"
        cat >"$dir/data/pg_hba.conf" <<HBA
# throw-away cluster: trust on the socket inside $dir and on 127.0.0.1 only
local all all trust
host  all all 127.0.0.1/32 trust
HBA
        cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
CONF
    fi
    if ! as_user "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null
    fi
    exists=$(as_user "$bin/psql" -h "$dir" -p "$port" -U "$user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db'")
    if [[ $exists != 1 ]]; then
        as_user "$bin/createdb" -h "$dir" -p "$port" -U "$user" "$db"
    fi
    echo "postgresql://$user@127.0.0.1:$port/$db"
    ;;
stop)
    if [[ -f $dir/data/PG_VERSION ]]; then
        as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
