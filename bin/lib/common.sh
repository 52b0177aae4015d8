# Shared by the bin/ scripts: paths, classpaths from the tools/ poms, free ports, and the process wrapper.
# Sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Every JVM the scripts start dies after this long at the latest (timeout -k 10), so that nothing a test or a
# forgotten terminal started lives on for days. Override for long demos.
MAX_LIFE_S="${LSTM_MAX_LIFE_S:-28800}"
# Classpaths resolved from tools/*/pom.xml are cached here (keyed by the pom's checksum).
CLASSPATH_CACHE="${LSTM_CLASSPATH_CACHE:-$ROOT/.local/classpath}"

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# Progress for people goes to stderr; stdout carries only KEY=VALUE results that scripts and tests parse.
say() {
    echo "$*" >&2
}

# classpath TOOL: the classpath of tools/TOOL/pom.xml, resolved once by Maven (offline first) and cached.
classpath() {
    local pom="$ROOT/tools/$1/pom.xml"
    [[ -f $pom ]] || die "missing $pom"
    local sum
    sum="$(sha1sum "$pom" | cut -c1-12)"
    local out="$CLASSPATH_CACHE/$1-$sum.txt"
    if [[ -s $out ]] && all_jars_exist "$out"; then
        cat "$out"
        return
    fi
    mkdir -p "$CLASSPATH_CACHE"
    local tmp="$out.$$.tmp"
    if ! mvn -B -q -o -f "$pom" dependency:build-classpath -Dmdep.outputFile="$tmp" >/dev/null 2>&1; then
        say "resolving the $1 jars with Maven (once)..."
        mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$tmp" >&2 \
            || die "could not resolve the jars of $pom"
    fi
    mv "$tmp" "$out"
    cat "$out"
}

all_jars_exist() {
    local jar
    for jar in $(tr ':' ' ' <"$1"); do
        [[ -f $jar ]] || return 1
    done
}

# port_free PORT: nothing listens on 127.0.0.1:PORT.
port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port: a port nothing listens on, from the kernel's ephemeral range.
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 25000))
        if port_free "$p"; then
            echo "$p"
            return
        fi
    done
    die "found no free port"
}

# preferred_port PORT: PORT when free, else any free port.
preferred_port() {
    if port_free "$1"; then echo "$1"; else free_port; fi
}

# launch PIDFILE OUTFILE CMD...: runs CMD in its own session under `timeout` (so that it dies after MAX_LIFE_S)
# and records the wrapper's PID. When LSTM_OWNER_PID is set (tests set it to their own PID), a watchdog also
# stops CMD within seconds of that process ending, whatever the way it ends.
launch() {
    local pidfile=$1 outfile=$2
    shift 2
    setsid timeout -k 10 "$MAX_LIFE_S" "$@" </dev/null >>"$outfile" 2>&1 &
    local pid=$!
    echo "$pid" >"$pidfile"
    if [[ -n ${LSTM_OWNER_PID:-} ]]; then
        setsid bash -c 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 2; done
                        kill -TERM "$2" 2>/dev/null || exit 0
                        for _ in $(seq 1 15); do kill -0 "$2" 2>/dev/null || exit 0; sleep 1; done
                        pkill -KILL -P "$2"; kill -KILL "$2"' watchdog "$LSTM_OWNER_PID" "$pid" </dev/null >/dev/null 2>&1 &
    fi
}

# running PIDFILE MARKER: the recorded wrapper is alive and is ours (its command line holds MARKER, which guards
# against a recycled PID).
running() {
    local pidfile=$1 marker=$2 pid
    [[ -f $pidfile ]] || return 1
    pid="$(cat "$pidfile")"
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"
}

# java_pid PIDFILE: the PID of the java process under the recorded wrapper.
java_pid() {
    local pid
    pid="$(cat "$1")"
    ps --ppid "$pid" -o pid= | tr -d ' ' | head -n 1
}

# stop_pid PIDFILE MARKER SECONDS: SIGTERM (the wrapper forwards it to java), then SIGKILL after SECONDS.
stop_pid() {
    local pidfile=$1 marker=$2 grace=$3
    if ! running "$pidfile" "$marker"; then
        rm -f "$pidfile"
        return 0
    fi
    local pid jpid
    pid="$(cat "$pidfile")"
    jpid="$(java_pid "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < grace * 10)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "  still running after ${grace}s: SIGKILL"
        [[ -n $jpid ]] && kill -KILL "$jpid" 2>/dev/null || true
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

# wait_for SECONDS DESCRIPTION CMD...: polls CMD every 0.25 s until it succeeds; dies after SECONDS.
wait_for() {
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.25
    done
}

# kafka_tool MAINCLASS ARGS...: one of Kafka's command-line tools, in the foreground (Ctrl-C stops it).
kafka_tool() {
    local main=$1
    shift
    local cp
    cp="$(classpath kafka-broker)"
    exec timeout --foreground -k 5 "$MAX_LIFE_S" java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -Dlog4j2.configurationFile="$ROOT/tools/kafka-broker/tools-log4j2.properties" -cp "$cp" "$main" "$@"
}
