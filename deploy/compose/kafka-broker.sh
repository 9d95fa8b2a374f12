#!/usr/bin/env bash
# The compose broker's start command, in place of the apache/kafka image's own (/etc/kafka/docker/run).
# That one formats new storage without SCRAM users, and a broker whose inter-broker listener is
# SASL_PLAINTEXT cannot then log in even to itself. So this does the image's three steps itself,
# using only the stable part of the image, /opt/kafka/bin:
#   1. server.properties from the KAFKA_* environment, named as the image names them
#      (KAFKA_LOG_DIRS -> log.dirs; in a name `__` stands for `_` and `___` for `-`);
#   2. on new storage (no meta.properties yet) `kafka-storage.sh format` with CLUSTER_ID and one
#      SCRAM-SHA-512 user per name in SCRAM_USERS, each with the password in SCRAM_PASSWORD_<NAME>;
#   3. exec kafka-server-start.sh.
# It also writes the admin's client settings (config/clinic-admin.properties) for the healthcheck.
#
#   kafka-broker.sh          all of it
#   kafka-broker.sh config   only print step 1's server.properties (the offline tests read it)
#
# Users are made on new storage only: changing a password in .env later needs
# `kafka-configs.sh --alter` (deploy/k8s/README.md) or a new volume (`docker compose down -v`).
set -euo pipefail

KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
CONFIG=$KAFKA_HOME/config/server.properties
ADMIN_CONFIG=$KAFKA_HOME/config/clinic-admin.properties
SCRAM=SCRAM-SHA-512
# KAFKA_* variables that are JVM or launcher options, not broker properties (as in the image).
NOT_PROPERTIES=" KAFKA_HOME KAFKA_VERSION KAFKA_HEAP_OPTS KAFKA_OPTS KAFKA_LOG4J_OPTS KAFKA_JMX_OPTS \
KAFKA_JMX_PORT KAFKA_JMX_HOSTNAME KAFKA_JVM_PERFORMANCE_OPTS KAFKA_GC_LOG_OPTS KAFKA_DEBUG \
KAFKA_LOG4J_ROOT_LOGLEVEL KAFKA_LOG4J_LOGGERS KAFKA_TOOLS_LOG4J_LOGLEVEL "

die() { printf 'kafka-broker.sh: error: %s\n' "$*" >&2; exit 1; }

property_name() {  # KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM___SHA___512_SASL_JAAS_CONFIG -> listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config
    local name=${1#KAFKA_}
    name=${name,,}
    name=${name//_/.}
    name=${name//.../-}
    printf '%s\n' "${name//../_}"
}

render_config() {
    local var
    printf '# Written by deploy/compose/kafka-broker.sh from the container environment, on every start.\n'
    for var in $(compgen -e | LC_ALL=C sort); do
        [[ $var == KAFKA_* && $NOT_PROPERTIES != *" $var "* ]] || continue
        printf '%s=%s\n' "$(property_name "$var")" "${!var}"
    done
}

password_of() {  # $1 = user
    local var
    var=SCRAM_PASSWORD_$(tr '[:lower:]-' '[:upper:]_' <<<"$1")
    [[ -n ${!var:-} ]] || die "$var is not set (deploy/make-secrets.sh compose writes it to .env)"
    # It ends up in a JAAS line and in --add-scram's [name=..,password=..] syntax.
    [[ ${!var} =~ ^[A-Za-z0-9._~+-]+$ ]] || die "$var may hold only letters, digits and ._~+-"
    printf '%s\n' "${!var}"
}

write_admin_config() {
    (
        umask 077
        cat >"$ADMIN_CONFIG" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=$SCRAM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(password_of admin)";
PROPERTIES
    )
}

format_if_new() {
    local log_dir=${KAFKA_LOG_DIRS%%,*} user
    [[ -n $log_dir ]] || die "KAFKA_LOG_DIRS is not set"
    [[ -f $log_dir/meta.properties ]] && return 0
    [[ -n ${CLUSTER_ID:-} ]] || die "CLUSTER_ID is not set"
    [[ " ${SCRAM_USERS:-} " == *" admin "* ]] || die "SCRAM_USERS must include admin, the broker's own user"
    local -a scram=()
    for user in $SCRAM_USERS; do
        scram+=(--add-scram "$SCRAM=[name=$user,password=$(password_of "$user")]")
    done
    echo "kafka-broker.sh: formatting $log_dir with SCRAM users: $SCRAM_USERS" >&2
    "$KAFKA_HOME/bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$CONFIG" "${scram[@]}"
}

case "${1:-}" in
    config) render_config ;;
    "")
        render_config >"$CONFIG"
        write_admin_config
        format_if_new
        exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$CONFIG"
        ;;
    *) die "usage: $0 [config]" ;;
esac
