# Sourced by the scripts that start `motcua serve --port 0` in the background.
#
#   listening_port OUT_FILE PID [TENTHS]
# prints the port the server wrote to OUT_FILE ("listening on http://127.0.0.1:PORT"), waiting up to TENTHS
# tenths of a second (default 1200) while PID lives; prints nothing when it died or never said.
# OUT_FILE may not exist yet: the background shell that opens it for the server's output may not have run
# when the caller first looks (on a loaded machine a CI run once stopped there, `sed` failing on a missing
# file under `set -e`).
listening_port() {
    local out=$1 pid=$2 tries=${3:-1200} port=""
    for _ in $(seq 1 "$tries"); do
        if [ -f "$out" ]; then
            port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$out")
            [ -n "$port" ] && break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "$port"
}
