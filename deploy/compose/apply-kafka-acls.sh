#!/usr/bin/env bash
# The compose ACL one-shot, in the apache/kafka image: runs kafka-acls.sh, as admin, once per line
# of FILE. The lines come from the topic registry, written by the kafka-topics one-shot
# (`python -m clinic_contracts.admin --print-acls`, one shell-quoted argument set a line), so the
# ACLs are defined in one place only. Adding an ACL that exists is a no-op: safe on every start.
#
#   apply-kafka-acls.sh BOOTSTRAP FILE      with the admin password in KAFKA_ADMIN_PASSWORD
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 BOOTSTRAP FILE" >&2; exit 2; }
bootstrap=$1 file=$2
KAFKA_HOME=${KAFKA_HOME:-/opt/kafka}
[[ -n ${KAFKA_ADMIN_PASSWORD:-} ]] || { echo "apply-kafka-acls.sh: KAFKA_ADMIN_PASSWORD is not set" >&2; exit 1; }
# The registry always yields ACLs: an empty file means the topics one-shot wrote nothing.
[[ -s $file ]] || { echo "apply-kafka-acls.sh: $file is missing or empty" >&2; exit 1; }

admin_config=$(mktemp)
trap 'rm -f -- "$admin_config"' EXIT
cat >"$admin_config" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
PROPERTIES

calls=0
while IFS= read -r line; do
    [[ -n $line ]] || continue
    eval "args=($line)"  # shell-quoted by clinic_contracts.admin (shlex.join); our own one-shot's output
    "$KAFKA_HOME/bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" "${args[@]}" </dev/null
    calls=$((calls + 1))
done <"$file"
echo "apply-kafka-acls.sh: $calls kafka-acls.sh calls applied" >&2
