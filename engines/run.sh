#!/usr/bin/env bash
# Real single-node OpenSearch / Elasticsearch clusters for tests, built from Maven Central jars (no Docker).
#
#   engines/run.sh build  ENGINE    resolve jars into engines/ENGINE/lib (mvn) and compile the launcher (javac)
#   engines/run.sh start  ENGINE    build if needed, start in the background on 127.0.0.1, wait until healthy
#   engines/run.sh stop   ENGINE    stop by PID (TERM, then KILL after the stop timeout); idempotent
#   engines/run.sh status ENGINE    exit 0 if running and healthy, 1 if running but unhealthy, 3 if not running
#
# ENGINE is opensearch, elasticsearch or all. See engines/README.md. Environment (all optional):
#   CASELAW_OPENSEARCH_PORT (9201)  CASELAW_ELASTICSEARCH_PORT (9200)   HTTP port, always bound to 127.0.0.1
#   CASELAW_OPENSEARCH_TRANSPORT_PORT / CASELAW_ELASTICSEARCH_TRANSPORT_PORT   (9300-9399: first free one)
#   CASELAW_OPENSEARCH_JAVA_HOME / CASELAW_ELASTICSEARCH_JAVA_HOME   (default: the Java 17 JDK, else JAVA_HOME)
#   CASELAW_ENGINE_HEAP ("-Xms512m -Xmx1g")  CASELAW_ENGINE_JAVA_OPTS (extra JVM options)
#   CASELAW_ENGINE_START_TIMEOUT (120 s)  CASELAW_ENGINE_STOP_TIMEOUT (20 s)
#   CASELAW_ENGINES_VAR (<repo>/var/engines): PID files, logs and data folders
set -euo pipefail

ENGINES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$ENGINES_DIR")"
VAR_DIR="${CASELAW_ENGINES_VAR:-$REPO_DIR/var/engines}"
START_TIMEOUT="${CASELAW_ENGINE_START_TIMEOUT:-120}"
STOP_TIMEOUT="${CASELAW_ENGINE_STOP_TIMEOUT:-20}"
HEAP="${CASELAW_ENGINE_HEAP:--Xms512m -Xmx1g}"
DEFAULT_JDK=/usr/lib/jvm/java-17-openjdk-amd64
MAIN_CLASS=caselaw.engines.Launcher

die() { echo "engines/run.sh: $*" >&2; exit 1; }
log() { echo "engines/run.sh: $*"; }

usage() {
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---- per-engine settings ---------------------------------------------------------------------------------------
engine_port() {
    case "$1" in
        opensearch) echo "${CASELAW_OPENSEARCH_PORT:-9201}" ;;
        elasticsearch) echo "${CASELAW_ELASTICSEARCH_PORT:-9200}" ;;
    esac
}
engine_transport_port() {
    case "$1" in
        opensearch) echo "${CASELAW_OPENSEARCH_TRANSPORT_PORT:-9300-9399}" ;;
        elasticsearch) echo "${CASELAW_ELASTICSEARCH_TRANSPORT_PORT:-9300-9399}" ;;
    esac
}
engine_java() {
    local home
    case "$1" in
        opensearch) home="${CASELAW_OPENSEARCH_JAVA_HOME:-}" ;;
        elasticsearch) home="${CASELAW_ELASTICSEARCH_JAVA_HOME:-}" ;;
    esac
    if [[ -z "$home" && -x "$DEFAULT_JDK/bin/java" ]]; then home="$DEFAULT_JDK"; fi
    if [[ -z "$home" && -n "${JAVA_HOME:-}" ]]; then home="$JAVA_HOME"; fi
    if [[ -n "$home" ]]; then echo "$home/bin"; else dirname "$(command -v javac || command -v java || echo /nonexistent/java)"; fi
}
pid_file() { echo "$VAR_DIR/$1.pid"; }
log_file() { echo "$VAR_DIR/$1.log"; }
data_dir() { echo "$VAR_DIR/$1-data"; }
health_url() { echo "http://127.0.0.1:$(engine_port "$1")/_cluster/health?wait_for_status=yellow&timeout=1s"; }

# ---- build ---------------------------------------------------------------------------------------------------------
# Maven, a JDK 17 and curl come from Debian's packages; as root they are installed when missing.
ensure_tools() {
    local missing=()
    command -v mvn >/dev/null || missing+=(maven)
    command -v curl >/dev/null || missing+=(curl)
    if [[ -z "${CASELAW_OPENSEARCH_JAVA_HOME:-}${CASELAW_ELASTICSEARCH_JAVA_HOME:-}" && ! -x "$DEFAULT_JDK/bin/javac" ]] \
        && ! command -v javac >/dev/null; then
        missing+=(openjdk-17-jdk-headless)
    fi
    (( ${#missing[@]} == 0 )) && return 0
    [[ "$(id -u)" == 0 ]] || die "missing: ${missing[*]}: run 'sudo apt-get install ${missing[*]}'"
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

build() {
    local engine="$1" dir="$ENGINES_DIR/$1" bin
    ensure_tools
    bin="$(engine_java "$engine")"
    [[ -x "$bin/javac" ]] || die "$engine: no javac in $bin (a JDK 17 or newer is needed, not a JRE)"
    # Re-resolve only when pom.xml changed; a changed pom starts from an empty lib/ so no stale jar stays behind.
    local sum; sum="$(sha256sum "$dir/pom.xml" | cut -d' ' -f1)"
    if [[ "$(cat "$dir/lib/.pom.sha256" 2>/dev/null)" != "$sum" ]]; then
        log "$engine: resolving jars from Maven Central into engines/$engine/lib"
        rm -rf "$dir/lib"
        # (sed: Debian's Maven 3.8 prints stray colour codes even with -q -B)
        (cd "$dir" && JAVA_HOME="$(dirname "$bin")" mvn -q -B -Dstyle.color=never dependency:copy-dependencies \
            -DoutputDirectory=lib -DincludeScope=runtime 2>&1 | sed 's/\x1b\[[0-9;]*m//g') \
            || die "$engine: mvn dependency:copy-dependencies failed"
        echo "$sum" > "$dir/lib/.pom.sha256"
    fi
    log "$engine: compiling the launcher into engines/$engine/target/classes"
    rm -rf "$dir/target/classes"
    mkdir -p "$dir/target/classes"
    local sources; mapfile -t sources < <(find "$dir/src/main/java" -name '*.java' | sort)
    "$bin/javac" --release 17 -nowarn -encoding UTF-8 -d "$dir/target/classes" -cp "$dir/lib/*" "${sources[@]}" \
        || die "$engine: javac failed"
}

# Built: jars resolved for this pom.xml and the launcher compiled after its sources last changed.
built() {
    local dir="$ENGINES_DIR/$1" cls="$ENGINES_DIR/$1/target/classes/caselaw/engines/Launcher.class"
    [[ -f "$cls" && "$(cat "$dir/lib/.pom.sha256" 2>/dev/null)" == "$(sha256sum "$dir/pom.xml" | cut -d' ' -f1)" ]] \
        && [[ -z "$(find "$dir/src" -newer "$cls" -print -quit)" ]]
}

# ---- process helpers -------------------------------------------------------------------------------------------------
# The PID from the PID file, only if that process is alive and is our launcher (a PID can be reused).
running_pid() {
    local pf pid; pf="$(pid_file "$1")"
    [[ -f "$pf" ]] || return 1
    pid="$(cat "$pf")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
    echo "$pid"
}

healthy() { curl -sf --max-time 5 -o /dev/null "$(health_url "$1")"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

show_log_tail() {
    local lf; lf="$(log_file "$1")"
    echo "---- last 60 lines of $lf ----" >&2
    tail -n 60 "$lf" >&2 2>/dev/null || true
    echo "----" >&2
}

# ---- start / stop / status ---------------------------------------------------------------------------------------------
start() {
    local engine="$1" dir="$ENGINES_DIR/$1" port pid bin lf dd
    port="$(engine_port "$engine")"
    if pid="$(running_pid "$engine")"; then
        if healthy "$engine"; then log "$engine already running (pid $pid) on http://127.0.0.1:$port"; return 0; fi
        die "$engine is running (pid $pid) but not healthy; run: engines/run.sh stop $engine"
    fi
    if port_in_use "$port"; then die "$engine: port $port on 127.0.0.1 is already taken by another process"; fi
    built "$engine" || build "$engine"
    bin="$(engine_java "$engine")"
    mkdir -p "$VAR_DIR"
    lf="$(log_file "$engine")"; dd="$(data_dir "$engine")"
    rm -rf "$dd"; mkdir -p "$dd/tmp"
    : > "$lf"
    local t0; t0="$(date +%s%N)"
    # shellcheck disable=SC2086  # HEAP and CASELAW_ENGINE_JAVA_OPTS are word lists on purpose
    nohup "$bin/java" $HEAP ${CASELAW_ENGINE_JAVA_OPTS:-} \
        -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
        -Djava.io.tmpdir="$dd/tmp" -Dlog4j2.formatMsgNoLookups=true \
        -Dcaselaw.transport.port="$(engine_transport_port "$engine")" \
        -cp "$dir/target/classes:$dir/lib/*" "$MAIN_CLASS" "$dd" "$port" "$lf" \
        >> "$lf" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$(pid_file "$engine")"
    log "$engine: started pid $pid, waiting for http://127.0.0.1:$port (log: $lf)"
    local deadline=$((SECONDS + START_TIMEOUT))
    while (( SECONDS < deadline )); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$(pid_file "$engine")"
            show_log_tail "$engine"
            die "$engine: the node exited during start-up"
        fi
        if healthy "$engine"; then
            local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
            log "$engine ready on http://127.0.0.1:$port (pid $pid, healthy after ${ms} ms)"
            return 0
        fi
        sleep 0.5
    done
    show_log_tail "$engine"
    stop "$engine" >&2 || true
    die "$engine: not healthy within ${START_TIMEOUT}s"
}

stop() {
    local engine="$1" pid pf
    pf="$(pid_file "$engine")"
    if ! pid="$(running_pid "$engine")"; then
        rm -f "$pf"
        log "$engine: not running"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        log "$engine: pid $pid still alive after ${STOP_TIMEOUT}s, sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$pf"
    log "$engine: stopped (pid $pid)"
}

status() {
    local engine="$1" pid port
    port="$(engine_port "$engine")"
    if ! pid="$(running_pid "$engine")"; then
        log "$engine: not running"
        return 3
    fi
    if healthy "$engine"; then
        log "$engine: running (pid $pid) and healthy on http://127.0.0.1:$port"
        return 0
    fi
    log "$engine: running (pid $pid) but not healthy on http://127.0.0.1:$port"
    return 1
}

# ---- main -----------------------------------------------------------------------------------------------------------------
[[ $# -eq 2 ]] || usage
cmd="$1"
case "$2" in
    opensearch|elasticsearch) engines=("$2") ;;
    all) engines=(opensearch elasticsearch) ;;
    *) usage ;;
esac
case "$cmd" in
    build|start|stop) for e in "${engines[@]}"; do "$cmd" "$e"; done ;;
    status)
        rc=0
        for e in "${engines[@]}"; do status "$e" || { s=$?; (( s > rc )) && rc=$s; }; done
        exit "$rc" ;;
    *) usage ;;
esac
