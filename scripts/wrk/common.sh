# Shared by scripts/load and scripts/soak (sourced, not run): a work folder removed on exit, a throw-away
# PostgreSQL cluster, the release server with the demo accounts, and the officers the profiles act as.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/listening-port.sh"
work=$(mktemp -d /tmp/motcua-load.XXXXXX)
chmod 755 "$work"
server_pid=""
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
pg_port=25998
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    [ -d "$work/pg/data" ] && as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1
    # MOTCUA_KEEP_WORK=1 keeps the SQLite files (and the wrk inputs) to look into afterwards.
    if [ "${MOTCUA_KEEP_WORK:-}" = 1 ]; then rm -rf "$work/pg"; echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
export WRK_DIR=$PWD/scripts/wrk THREADS=2
password='Load-Test-2026!x'

# A cluster with production durability (fsync=on, synchronous_commit=on); sets pg_settings.
start_postgres() {
    mkdir -p "$work/pg" && chmod 755 "$work/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
    as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --lc-collate=C >/dev/null
    as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -t 60 \
        -o "-k $work/pg -p $pg_port -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c max_connections=200 ${PG_OPTIONS:-}" start >/dev/null
    pg_settings="PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), fsync=on, synchronous_commit=on, full_page_writes=on, LC_COLLATE C"
}
stop_postgres() { as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null; rm -rf "$work/pg"; }
# A fresh database of that cluster, by name: its URL.
postgres_database() {
    as_postgres "$pg_bin/psql" -h "$work/pg" -p $pg_port -U postgres -qc "CREATE DATABASE $1" >/dev/null
    echo "postgres://postgres@localhost:$pg_port/$1?host=$work/pg"
}
sqlite_settings="SQLite WAL, synchronous=FULL on the writer, group commit"

login() {
    curl -s -X POST -H 'Content-Type: application/json' --data "{\"username\":\"$1\",\"password\":\"${2:-Demo-MotCua-2026!}\"}" \
        "$base/api/v1/auth/login" | jq -r .token
}
rss() { awk -v key="$1:" '$1 == key { printf "%d", $2 / 1024 }' "/proc/$server_pid/status"; }

start_server() { # binary database
    "$1" serve --demo --port 0 --database "$2" --lookups-per-minute 1000000000 --log-level error ${SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
    server_pid=$!
    port=$(listening_port "$work/serve.out" "$server_pid")
    [ -n "$port" ] || { cat "$work/serve.err" >&2; exit 1; }
    base="http://127.0.0.1:$port"
}

# One receptionist, specialist and approver at each of $counters communes of Hà Nội.
make_staff() {
    local admin communes commune role id token specialist_id
    admin=$(login demo.sysadmin)
    communes=$(curl -s -H "Authorization: Bearer $admin" "$base/api/v1/units?level=commune&province=01&limit=$counters" | jq -r '.items[].code')
    TOKENS="" STAFF=""
    for commune in $communes; do
        local entry=$commune
        for role in receptionist specialist approver; do
            id=$(curl -s -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
                --data "{\"username\":\"load.$role.$commune\",\"fullName\":\"Cán bộ $commune\",\"password\":\"$password\",\"roles\":[\"$role\"],\"unitCode\":\"$commune\"}" \
                "$base/api/v1/users" | jq -r .id)
            token=$(login "load.$role.$commune" "$password")
            entry="$entry:$token"
            [ $role = receptionist ] && TOKENS="$TOKENS $token"
            [ $role = specialist ] && specialist_id=$id
        done
        STAFF="$STAFF $entry:$specialist_id"
    done
    export TOKENS STAFF
    TOKEN=$(login demo.monitor)
    export TOKEN PERIOD="from=$(date -u +%Y-%m-01)&to=$(date -u +%F)"
}

