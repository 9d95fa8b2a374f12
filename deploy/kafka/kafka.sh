#!/usr/bin/env bash
# Run a real single-node Apache Kafka broker (KRaft, combined broker+controller) from the jars
# on Maven Central. No Docker, no Kafka download: Maven fetches the jars once into a cache.
#
#   kafka.sh fetch    copy the broker's runtime jars into the cache (once)
#   kafka.sh start    fetch if needed, format storage if new, start the broker, wait until ready;
#                     prints the bootstrap address (alone, on stdout) at the end
#   kafka.sh stop     SIGTERM the broker, SIGKILL after KAFKA_STOP_TIMEOUT seconds
#   kafka.sh status   exit 0 if the broker is running and answers, 1 if not
#   kafka.sh reset    stop, then delete the run dir (config, data, logs)
#   kafka.sh credentials  print the path of the run dir's credentials file (see below)
#   kafka.sh acls     apply ACLs: each line on stdin holds the arguments of one kafka-acls.sh
#                     call (as `python -m clinic_contracts.admin --print-acls` prints them),
#                     run as the super user against KAFKA_BOOTSTRAP_SERVERS or this run dir's broker
#
# Security: the client listener speaks SASL_PLAINTEXT with SCRAM-SHA-512 (authenticated, not
# encrypted), and the StandardAuthorizer denies whatever no ACL allows. Users: the super user
# `admin` (the broker itself, topic and ACL creation) and one user per name in KAFKA_SERVICE_USERS.
# Their passwords are random per run dir, made when its storage is formatted, and written to
# <run dir>/credentials.env (mode 600, shell syntax):
#   KAFKA_ADMIN_USERNAME=admin  KAFKA_ADMIN_PASSWORD=...  KAFKA_<USER>_PASSWORD=... (per user)
# A password preset in the environment under the same name is used instead of a random one.
#
# Environment (all optional):
#   KAFKA_CACHE_DIR        where the jars go            (default: <this dir>/.cache/libs)
#   KAFKA_RUN_DIR          config, data, log, pid file  (default: <this dir>/.run)
#   KAFKA_PORT             client listener port         (default: 19092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port        (default: 19093)
#   KAFKA_START_TIMEOUT    seconds to wait for ready    (default: 90)
#   KAFKA_STOP_TIMEOUT     seconds before SIGKILL       (default: 30)
#   KAFKA_JAVA_OPTS        JVM options for the broker   (default: small heap, serial GC)
#   KAFKA_TOPICS_CMD       shell command eval'ed once the broker is ready (e.g. create topics and
#                          ACLs); KAFKA_BOOTSTRAP_SERVERS, KAFKA_CREDENTIALS_FILE and this
#                          script's path as KAFKA_SH are exported for it
#   KAFKA_SERVICE_USERS    SCRAM users made besides admin (default: settings availability requests notifications)
#   JAVA_HOME              Java 17+ to use (default: java on PATH)
#
# Messages go to stderr; the only thing `start` writes to stdout is the bootstrap address, so
#   BOOTSTRAP="$(deploy/kafka/kafka.sh start)"
# works.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"
LOG4J_CONF="$SCRIPT_DIR/log4j2.properties"
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

abs_path() {  # make a possibly relative path absolute (the directory need not exist)
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
  esac
}

LIB_DIR="$(abs_path "${KAFKA_CACHE_DIR:-$SCRIPT_DIR/.cache/libs}")"
RUN_DIR="$(abs_path "${KAFKA_RUN_DIR:-$SCRIPT_DIR/.run}")"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
JAVA_OPTS="${KAFKA_JAVA_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

MARKER="$LIB_DIR/.kafka-version"
CONFIG="$RUN_DIR/server.properties"
DATA_DIR="$RUN_DIR/data"
LOG_FILE="$RUN_DIR/kafka.log"
PID_FILE="$RUN_DIR/kafka.pid"
BOOTSTRAP_FILE="$RUN_DIR/bootstrap"
CREDENTIALS_FILE="$RUN_DIR/credentials.env"
ADMIN_USER=admin
SERVICE_USERS="${KAFKA_SERVICE_USERS:-settings availability requests notifications}"
SCRAM=SCRAM-SHA-512
NODE_ID=1
STARTED_LINE="Kafka Server started"

say() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

kafka_version() {  # the version pinned in pom.xml
  local v
  v="$(sed -n 's:.*<kafka\.version>\(.*\)</kafka\.version>.*:\1:p' "$POM" | head -n 1)"
  [[ -n "$v" ]] || die "no <kafka.version> in $POM"
  printf '%s\n' "$v"
}

now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# fetch

verify_libs() {  # $1 = dir, $2 = expected Kafka version
  local dir=$1 kv=$2 jar base artifact version
  local -A seen=()
  shopt -s nullglob
  local jars=("$dir"/kafka*.jar)
  shopt -u nullglob
  ((${#jars[@]} > 0)) || die "no kafka jars in $dir"
  for jar in "${jars[@]}"; do
    base="$(basename -- "$jar" .jar)"
    version="${base##*-}"
    artifact="${base%-*}"
    [[ -z "${seen[$artifact]:-}" ]] || die "two versions of $artifact in $dir: ${seen[$artifact]} and $version"
    seen[$artifact]=$version
    [[ "$version" == "$kv" ]] || die "$base.jar is not Kafka $kv"
  done
  local main_jar="$dir/kafka_2.13-$kv.jar"
  [[ -f "$main_jar" ]] || die "missing $main_jar"
  # Zip entry names are stored uncompressed, so grep finds them without unzip.
  LC_ALL=C grep -qaF 'kafka/Kafka.class' "$main_jar" || die "kafka/Kafka.class not in $main_jar"
  LC_ALL=C grep -qaF 'kafka/tools/StorageTool.class' "$main_jar" || die "kafka/tools/StorageTool.class not in $main_jar"
  LC_ALL=C grep -qaF 'org/apache/kafka/tools/AclCommand.class' "$dir/kafka-tools-$kv.jar" \
    || die "org/apache/kafka/tools/AclCommand.class not in $dir/kafka-tools-$kv.jar"
  [[ -n "$(find "$dir" -maxdepth 1 -name 'log4j-slf4j2-impl-*.jar' -print -quit)" ]] \
    || die "no log4j-slf4j2-impl jar in $dir (the broker would log nothing)"
}

is_fetched() {  # a cache from before ACLs lacks kafka-tools: fetch again
  [[ -f "$MARKER" && "$(cat -- "$MARKER")" == "$(kafka_version)" && -f "$LIB_DIR/kafka-tools-$(kafka_version).jar" ]]
}

cmd_fetch() {
  local kv tmp t0
  kv="$(kafka_version)"
  if is_fetched; then
    say "Kafka $kv jars already in $LIB_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven is needed once to fetch the jars)"
  say "fetching Kafka $kv jars from Maven into $LIB_DIR ..."
  t0="$(now)"
  mkdir -p -- "$(dirname -- "$LIB_DIR")"
  tmp="$(mktemp -d "$LIB_DIR.tmp.XXXXXX")"
  # Maven's output is kept only for a failure (quiet mode still prints stray colour codes).
  if ! mvn -B -q -f "$POM" "$DEP_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$tmp" >"$tmp.log" 2>&1; then
    cat -- "$tmp.log" >&2
    rm -rf -- "$tmp" "$tmp.log"
    die "mvn copy-dependencies failed"
  fi
  rm -f -- "$tmp.log"
  verify_libs "$tmp" "$kv"
  printf '%s\n' "$kv" >"$tmp/.kafka-version"
  rm -rf -- "$LIB_DIR"
  mv -- "$tmp" "$LIB_DIR"
  say "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars ($(du -sh -- "$LIB_DIR" | cut -f1)) in $(elapsed "$t0") s"
}

# ---------------------------------------------------------------------------------------------
# process helpers

recorded_pid() { [[ -f "$PID_FILE" ]] && tr -dc '0-9' <"$PID_FILE"; }

is_our_broker() {  # $1 = pid: alive (not a zombie) and a kafka.Kafka using this run dir's config
  local pid=$1 state args
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != Z* ]] || return 1
  args="$(ps -ww -o args= -p "$pid" 2>/dev/null || true)"
  [[ "$args" == *kafka.Kafka*"$CONFIG"* ]]
}

running_pid() {  # print the broker's pid if it runs; clean up a stale pid file
  local pid
  pid="$(recorded_pid || true)"
  if [[ -n "$pid" ]] && is_our_broker "$pid"; then
    printf '%s\n' "$pid"
    return 0
  fi
  [[ -f "$PID_FILE" ]] && rm -f -- "$PID_FILE"
  return 1
}

port_open() {  # $1 = port: something accepts TCP connections on 127.0.0.1
  # shellcheck disable=SC2016  # $1 belongs to the child shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# A real Kafka protocol round trip, without starting a JVM: send an ApiVersions v0 request, the one
# request a SASL listener answers before authentication, and check the answer is ours and says
# "no error". (Whether the broker has registered is what the "Kafka Server started" line says.)
probe_broker() {  # $1 = port
  local hex
  # shellcheck disable=SC2016  # $1 belongs to the child shell
  hex="$(timeout 5 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      # size=18 | api_key=18 (ApiVersions) | version=0 | correlation_id=7 | client_id="kafka-sh"
      printf "\x00\x00\x00\x12\x00\x12\x00\x00\x00\x00\x00\x07\x00\x08kafka-sh" >&3
      # size(4) correlation_id(4) error_code(2)
      dd bs=1 count=10 <&3 2>/dev/null | od -An -v -tx1
    ' _ "$1" 2>/dev/null)" || return 1
  local -a b
  read -r -a b <<<"$(tr -s ' \n' '  ' <<<"$hex")"
  ((${#b[@]} == 10)) || return 1
  [[ "${b[*]:4:4}" == "00 00 00 07" ]] || return 1                              # our correlation id
  [[ "${b[*]:8:2}" == "00 00" ]] || return 1                                    # no error
}

recorded_port() {  # client port of the broker in this run dir
  local addr
  if [[ -f "$BOOTSTRAP_FILE" ]]; then
    addr="$(cat -- "$BOOTSTRAP_FILE")"
    printf '%s\n' "${addr##*:}"
  else
    printf '%s\n' "$PORT"
  fi
}

# ---------------------------------------------------------------------------------------------
# credentials

credential_var() { printf 'KAFKA_%s_PASSWORD\n' "$(tr '[:lower:]-' '[:upper:]_' <<<"$1")"; }

random_password() { head -c 16 /dev/urandom | od -An -v -tx1 | tr -d ' \n'; }  # 128 bits, hex

write_credentials() {  # once per run dir: a password preset in the environment, else a random one
  [[ -f "$CREDENTIALS_FILE" ]] && return 0
  [[ -f "$DATA_DIR/meta.properties" ]] \
    && die "$DATA_DIR exists but $CREDENTIALS_FILE does not (a run dir from before SASL?); '$0 reset' starts afresh"
  local user var value tmp
  tmp="$(mktemp "$CREDENTIALS_FILE.XXXXXX")"
  chmod 600 -- "$tmp"
  {
    printf '# SCRAM credentials of the broker in this run dir, written by kafka.sh. Secret.\n'
    printf 'KAFKA_ADMIN_USERNAME=%s\n' "$ADMIN_USER"
    for user in "$ADMIN_USER" $SERVICE_USERS; do
      var="$(credential_var "$user")"
      value="${!var:-$(random_password)}"
      # Passwords end up in a JAAS line and in --add-scram's [name=..,password=..] syntax.
      [[ "$value" =~ ^[A-Za-z0-9._~+-]+$ ]] || { rm -f -- "$tmp"; die "$var may hold only letters, digits and ._~+-"; }
      printf '%s=%s\n' "$var" "$value"
    done
  } >"$tmp"
  mv -- "$tmp" "$CREDENTIALS_FILE"
}

credential() {  # $1 = user: their password from the credentials file
  local var
  var="$(credential_var "$1")"
  sed -n "s/^$var=//p" -- "$CREDENTIALS_FILE"
}

# ---------------------------------------------------------------------------------------------
# start

write_config() {
  cat >"$CONFIG" <<EOF
# Written by kafka.sh start; rewritten on every start. Single node: broker and KRaft controller.
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
# Clients (and the broker's own inter-broker traffic) authenticate with SCRAM-SHA-512. SASL_PLAINTEXT:
# passwords never cross the wire (SCRAM is a challenge-response), but records do, unencrypted.
# Production uses SASL_SSL.
listeners=SASL_PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$PORT
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=$SCRAM
sasl.mechanism.inter.broker.protocol=$SCRAM
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$ADMIN_USER" password="$(credential "$ADMIN_USER")";
# The KRaft controller listener stays PLAINTEXT on 127.0.0.1: SCRAM credentials live in the
# metadata the controller serves, so they cannot authenticate the controller listener itself, and
# its peer here is only this JVM's own broker. Its principal, User:ANONYMOUS, must be a super user
# (the broker registers and heartbeats over it): any local process reaching this port is one too.
# Acceptable for a developer's broker on loopback, not for production (use SSL or SASL/PLAIN there).
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
# Whatever no ACL allows is denied; ACLs come from the contracts' topic registry.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$ADMIN_USER;User:ANONYMOUS
log.dirs=$DATA_DIR
num.partitions=1
default.replication.factor=1
# Internal topics: one replica (there is one node), one partition (fast to create).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
# Consumer groups form at once instead of after 3 s.
group.initial.rebalance.delay.ms=0
# After an unclean stop (SIGKILL) the restarted broker cannot register until the controller
# expires its old session: 9 s by default, ~4 s with these.
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000
# Topics come from the contracts, created up front; a typo must fail loudly, not make a topic.
auto.create.topics.enable=false
EOF
}

format_storage() {
  local cid
  # Cluster id: 22 chars of URL-safe base64 of 16 random bytes (like `kafka-storage random-uuid`);
  # never starting with '-' so it cannot look like an option.
  cid="-"
  while [[ "$cid" == -* ]]; do
    cid="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  say "formatting $DATA_DIR (cluster id $cid)"
  # SCRAM users go into the first metadata records, so they exist before any client connects.
  local user scram_users=()
  for user in "$ADMIN_USER" $SERVICE_USERS; do
    scram_users+=(--add-scram "$SCRAM=[name=$user,password=$(credential "$user")]")
  done
  if ! "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -Dlog4j2.configurationFile="$LOG4J_CONF" -cp "$LIB_DIR/*" \
      kafka.tools.StorageTool format --standalone -t "$cid" -c "$CONFIG" "${scram_users[@]}" \
      >"$RUN_DIR/format.log" 2>&1; then
    cat -- "$RUN_DIR/format.log" >&2
    rm -rf -- "$DATA_DIR"
    die "storage format failed"
  fi
  printf '%s\n' "$cid" >"$RUN_DIR/cluster-id"
}

launch() {
  [[ -f "$LOG_FILE" ]] && mv -f -- "$LOG_FILE" "$LOG_FILE.1"
  : >"$LOG_FILE"
  rm -f -- "$PID_FILE"
  # The child shell writes its own pid, then execs java (same pid), so the pid file is right
  # whether or not setsid forks. setsid detaches the broker from this terminal's signals.
  local launcher=()
  command -v setsid >/dev/null && launcher=(setsid)
  # $$ and $@ belong to the child shell; JAVA_OPTS is a list of options, split on purpose.
  # shellcheck disable=SC2016,SC2086
  "${launcher[@]}" bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    "$JAVA" $JAVA_OPTS -Dlog4j2.configurationFile="$LOG4J_CONF" -cp "$LIB_DIR/*" \
    kafka.Kafka "$CONFIG" </dev/null >>"$LOG_FILE" 2>&1 &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$PID_FILE" ]] && return 0
    sleep 0.1
  done
  die "broker process did not start (see $LOG_FILE)"
}

show_log_tail() {
  say "last lines of $LOG_FILE:"
  tail -n 40 -- "$LOG_FILE" >&2 || true
}

wait_ready() {  # $1 = pid, $2 = start timestamp
  local pid=$1 t0=$2 deadline
  deadline="$(awk -v a="$t0" -v t="$START_TIMEOUT" 'BEGIN { printf "%d", a + t }')"
  while :; do
    if ! is_our_broker "$pid"; then
      show_log_tail
      rm -f -- "$PID_FILE"
      die "broker exited during startup"
    fi
    if grep -qF "$STARTED_LINE" -- "$LOG_FILE" && port_open "$PORT" && probe_broker "$PORT"; then
      return 0
    fi
    if (($(date +%s) >= deadline)); then
      show_log_tail
      die "broker not ready after ${START_TIMEOUT}s (still running as pid $pid; '$0 stop' stops it)"
    fi
    sleep 0.2
  done
}

run_topics_cmd() {
  [[ -n "${KAFKA_TOPICS_CMD:-}" ]] || return 0
  say "running KAFKA_TOPICS_CMD: $KAFKA_TOPICS_CMD"
  export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$PORT" KAFKA_CREDENTIALS_FILE="$CREDENTIALS_FILE"
  export KAFKA_SH="${BASH_SOURCE[0]}"
  # Its output goes to stderr: stdout carries only the bootstrap address.
  if ! (eval "$KAFKA_TOPICS_CMD") >&2; then
    die "KAFKA_TOPICS_CMD failed (the broker is still running)"
  fi
}

cmd_start() {
  local pid t0 rec_port
  t0="$(now)"
  if pid="$(running_pid)"; then
    rec_port="$(recorded_port)"
    [[ "$rec_port" == "$PORT" ]] \
      || die "a broker from $RUN_DIR already runs on port $rec_port, not $PORT (stop it first)"
    [[ -f "$CREDENTIALS_FILE" ]] \
      || die "a broker from before SASL runs from $RUN_DIR (no credentials.env): '$0 reset' first"
    if probe_broker "$PORT"; then
      say "already running (pid $pid) and answering on 127.0.0.1:$PORT"
    else
      say "already running (pid $pid) but not answering yet; waiting"
      wait_ready "$pid" "$t0"
      say "ready after $(elapsed "$t0") s"
    fi
  else
    if port_open "$PORT"; then
      die "port $PORT on 127.0.0.1 is in use by another process (set KAFKA_PORT)"
    fi
    if port_open "$CONTROLLER_PORT"; then
      die "port $CONTROLLER_PORT on 127.0.0.1 is in use by another process (set KAFKA_CONTROLLER_PORT)"
    fi
    is_fetched || cmd_fetch
    t0="$(now)"  # measure the broker's start, not the one-off fetch
    # The run dir holds passwords (credentials.env, and server.properties for the broker's own).
    umask 077
    mkdir -p -- "$RUN_DIR"
    write_credentials
    write_config
    [[ -f "$DATA_DIR/meta.properties" ]] || format_storage
    printf '127.0.0.1:%s\n' "$PORT" >"$BOOTSTRAP_FILE"
    launch
    pid="$(recorded_pid)"
    say "started Kafka $(kafka_version) (pid $pid), log: $LOG_FILE; waiting until ready ..."
    wait_ready "$pid" "$t0"
    say "ready in $(elapsed "$t0") s"
  fi
  say "SASL/SCRAM-SHA-512 credentials (admin and per service): $CREDENTIALS_FILE"
  run_topics_cmd
  printf '127.0.0.1:%s\n' "$PORT"
}

# ---------------------------------------------------------------------------------------------
# stop / status / reset

cmd_stop() {
  local pid i
  if ! pid="$(running_pid)"; then
    say "not running"
    return 0
  fi
  say "stopping broker (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    is_our_broker "$pid" || break
    sleep 0.2
  done
  if is_our_broker "$pid"; then
    say "still running after ${STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      is_our_broker "$pid" || break
      sleep 0.1
    done
  fi
  is_our_broker "$pid" && die "pid $pid survived SIGKILL"
  rm -f -- "$PID_FILE"
  say "stopped"
}

cmd_status() {
  local pid port
  if ! pid="$(running_pid)"; then
    say "not running"
    return 1
  fi
  port="$(recorded_port)"
  if probe_broker "$port"; then
    say "running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  say "process $pid is up but does not answer on 127.0.0.1:$port (starting, or unhealthy)"
  return 1
}

cmd_reset() {
  cmd_stop
  [[ -n "$RUN_DIR" && "$RUN_DIR" != "/" ]] || die "refusing to delete '$RUN_DIR'"
  rm -rf -- "$RUN_DIR"
  say "deleted $RUN_DIR"
}

# ---------------------------------------------------------------------------------------------
# credentials / acls

cmd_credentials() {
  [[ -f "$CREDENTIALS_FILE" ]] || die "no $CREDENTIALS_FILE yet ('$0 start' makes it)"
  printf '%s\n' "$CREDENTIALS_FILE"
}

cmd_acls() {  # stdin: one line of kafka-acls.sh arguments per call
  is_fetched || cmd_fetch
  local bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$(recorded_port)}"
  local user="${KAFKA_ADMIN_USERNAME:-$ADMIN_USER}" password="${KAFKA_ADMIN_PASSWORD:-}"
  if [[ -z "$password" ]]; then
    [[ -f "$CREDENTIALS_FILE" ]] || die "no $CREDENTIALS_FILE and no KAFKA_ADMIN_PASSWORD"
    password="$(credential "$ADMIN_USER")"
  fi
  local client_config work line calls=0 failed=0 i t0
  t0="$(now)"
  work="$(umask 077 && mktemp -d)"
  # shellcheck disable=SC2064  # the path is fixed now
  trap "rm -rf -- '$work'" EXIT
  client_config="$work/admin.properties"
  printf '%s\n' "security.protocol=${KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}" "sasl.mechanism=$SCRAM" \
    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$user\" password=\"$password\";" \
    >"$client_config"
  # One JVM per call, all at once: a JVM's start, not the broker, is what takes the time.
  local -a pids=() lines=()
  while IFS= read -r line; do
    [[ -n "$line" ]] || continue
    local -a args=()
    eval "args=($line)"  # shell-quoted by the caller (shlex.join); trusted input
    "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
      -Dlog4j2.configurationFile="$LOG4J_CONF" -cp "$LIB_DIR/*" org.apache.kafka.tools.AclCommand \
      --bootstrap-server "$bootstrap" --command-config "$client_config" "${args[@]}" \
      >"$work/$calls.out" 2>&1 &
    pids+=("$!")
    lines+=("$line")
    calls=$((calls + 1))
  done
  for ((i = 0; i < calls; i++)); do
    if ! wait "${pids[$i]}"; then
      cat -- "$work/$i.out" >&2
      say "error: kafka-acls ${lines[$i]} failed"
      failed=$((failed + 1))
    fi
  done
  ((failed == 0)) || die "$failed of $calls kafka-acls calls failed"
  say "applied $calls kafka-acls calls in $(elapsed "$t0") s"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
}

main() {
  case "${1:-}" in
    fetch) cmd_fetch ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    credentials) cmd_credentials ;;
    acls) cmd_acls ;;
    -h | --help | help) usage ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
