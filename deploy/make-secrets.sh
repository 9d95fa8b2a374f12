#!/usr/bin/env bash
# New keys for a deployment: the gateway's actor-token signing key, an operator's signing key (for
# jobs such as the demo loader), both public keys, the gateway's sign-in secret, a Kafka (SCRAM)
# password for the super user `admin` and for each service's own Kafka user, and the token
# Prometheus reads every /metrics with (compose: with Grafana's admin password).
#
#   deploy/make-secrets.sh compose [--output FILE]   writes them to FILE (default: .env beside
#                                                    docker-compose.yml), mode 600; to a FILE with
#                                                    keys, only what it lacks (Kafka passwords,
#                                                    the metrics token and Grafana's password)
#   deploy/make-secrets.sh k8s                       prints the kubectl commands that create the
#                                                    Secrets clinic-internal-tokens, clinic-kafka and
#                                                    clinic-metrics and the ConfigMap
#                                                    clinic-internal-token-public-keys
#
# The SMTP relay's account is not made here: it comes from whoever runs the relay (compose:
# CLINIC_SMTP_USERNAME and CLINIC_SMTP_PASSWORD in .env; Kubernetes: the Secret clinic-smtp).
#
# Nothing it makes belongs in git (.env is ignored). Key pairs come from
# `python -m servicekit.actor_tokens new KEY_ID`, so it needs a Python with servicekit installed:
# the repository's .venv (deploy/install.sh --python-only), or PYTHON=/path/to/python.
# Rotating a key is more than running this again: see deploy/k8s/README.md, "Keys and credentials".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

usage() {
    echo "usage: $0 compose [--output FILE] | $0 k8s" >&2
    exit 2
}

# A key id that differs from the one it will replace, so verifiers can hold both during a rotation.
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

key_pair() {  # KEY_ID -> SIGNING_KEY and PUBLIC_KEY
    local printed
    printed=$("$PYTHON" -m servicekit.actor_tokens new "$1")
    SIGNING_KEY=$(sed -n 's/^INTERNAL_TOKEN_SIGNING_KEY=//p' <<<"$printed")
    PUBLIC_KEY=$(sed -n 's/^INTERNAL_TOKEN_PUBLIC_KEYS=//p' <<<"$printed")
    [ -n "$SIGNING_KEY" ] && [ -n "$PUBLIC_KEY" ] || { echo "servicekit.actor_tokens printed no key pair" >&2; exit 1; }
}

make_keys() {
    key_pair "gateway-$STAMP"
    GATEWAY_SIGNING_KEY=$SIGNING_KEY GATEWAY_PUBLIC_KEY=$PUBLIC_KEY
    key_pair "operator-$STAMP"
    OPERATOR_SIGNING_KEY=$SIGNING_KEY OPERATOR_PUBLIC_KEY=$PUBLIC_KEY
    PUBLIC_KEYS="$GATEWAY_PUBLIC_KEY,$OPERATOR_PUBLIC_KEY"
    # 48 random bytes, 64 characters: well over the gateway's minimum of 32.
    TOKEN_SECRET=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))')
}

# The Kafka users: admin, then one per service that owns or reads a topic, from the topic registry.
kafka_users() {
    KAFKA_USERS="admin $("$PYTHON" -c 'from clinic_contracts.kafka_acls import service_users; print(*service_users())')"
}

# 192 random bits in hex: nothing a JAAS line, --add-scram's [name=..,password=..] or Compose's
# interpolation would read as syntax.
kafka_password() { "$PYTHON" -c 'import secrets; print(secrets.token_hex(24))'; }

# The bearer token of /metrics (servicekit.metrics); hex, like the passwords, for the same reasons.
metrics_token() { "$PYTHON" -c 'import secrets; print(secrets.token_hex(32))'; }

upper() { tr '[:lower:]-' '[:upper:]_' <<<"$1"; }

compose() {
    local output=$ROOT/.env
    case "${1:-}" in
        --output) [ $# -eq 2 ] || usage; output=$2 ;;
        "") ;;
        *) usage ;;
    esac
    local has_keys="" has_kafka="" has_metrics="" user
    holds() { [ -f "$output" ] && grep -q "^$1=" "$output"; }
    holds CLINIC_TOKEN_SECRET && has_keys=yes
    holds CLINIC_KAFKA_ADMIN_PASSWORD && has_kafka=yes
    holds CLINIC_METRICS_TOKEN && has_metrics=yes
    if [ -n "$has_keys" ] && [ -n "$has_kafka" ] && [ -n "$has_metrics" ]; then
        echo "$output already holds keys; new ones would sign everyone out and replace the running" >&2
        echo "keys at once. To rotate, follow deploy/k8s/README.md; to start afresh, delete the" >&2
        echo "CLINIC_*KEY*, CLINIC_TOKEN_SECRET, CLINIC_KAFKA_*, CLINIC_METRICS_TOKEN and" >&2
        echo "CLINIC_GRAFANA_ADMIN_PASSWORD lines first." >&2
        exit 1
    fi
    [ -n "$has_keys" ] || make_keys
    kafka_users
    # Appends, so other settings in an existing .env (CLINIC_DB_PASSWORD, ...) stay.
    (
        umask 077
        {
            echo "# Made by deploy/make-secrets.sh on $STAMP. Secret: never commit or share this file."
            if [ -z "$has_keys" ]; then
                echo "CLINIC_GATEWAY_SIGNING_KEY=$GATEWAY_SIGNING_KEY"
                echo "CLINIC_OPERATOR_SIGNING_KEY=$OPERATOR_SIGNING_KEY"
                echo "CLINIC_INTERNAL_TOKEN_PUBLIC_KEYS=$PUBLIC_KEYS"
                echo "CLINIC_TOKEN_SECRET=$TOKEN_SECRET"
            fi
            if [ -z "$has_kafka" ]; then
                # The broker makes these users when its volume is new (deploy/compose/kafka-broker.sh).
                for user in $KAFKA_USERS; do
                    echo "CLINIC_KAFKA_$(upper "$user")_PASSWORD=$(kafka_password)"
                done
            fi
            if [ -z "$has_metrics" ]; then
                echo "CLINIC_METRICS_TOKEN=$(metrics_token)"
                echo "CLINIC_GRAFANA_ADMIN_PASSWORD=$(metrics_token)"
            fi
        } >>"$output"
    )
    chmod 600 "$output"
    if [ -n "$has_keys" ]; then
        echo "added what $output lacked (mode 600); its other keys stay" >&2
    else
        echo "wrote the keys to $output (mode 600)" >&2
    fi
}

k8s() {
    [ $# -eq 0 ] || usage
    make_keys
    kafka_users
    local user kafka_lines=""
    for user in $KAFKA_USERS; do
        kafka_lines+="$user-password=$(kafka_password)"$'\n'
    done
    # The values go in on stdin, not on the command line, where other users' `ps` could read them.
    cat <<EOF
# Run in the clinic's namespace (kubectl's current one, or add -n NAMESPACE). Secret: do not keep
# this output. Printed by deploy/make-secrets.sh on $STAMP.
kubectl create secret generic clinic-internal-tokens --from-env-file=/dev/stdin <<'KEYS'
gateway-signing-key=$GATEWAY_SIGNING_KEY
token-secret=$TOKEN_SECRET
operator-signing-key=$OPERATOR_SIGNING_KEY
KEYS
kubectl create configmap clinic-internal-token-public-keys --from-env-file=/dev/stdin <<'KEYS'
public-keys=$PUBLIC_KEYS
KEYS
# The Kafka (SCRAM) passwords: give the broker the same ones (deploy/k8s/README.md, "Keys and
# credentials"); each service's pod mounts only its own.
kubectl create secret generic clinic-kafka --from-env-file=/dev/stdin <<'KEYS'
${kafka_lines}KEYS
# The token Prometheus reads /metrics with: every pod checks it; give your Prometheus the same one
# (deploy/k8s/README.md, "Metrics").
kubectl create secret generic clinic-metrics --from-env-file=/dev/stdin <<'KEYS'
metrics-token=$(metrics_token)
KEYS
# Not made here: the Secret clinic-smtp, the SMTP relay's account, which whoever runs the relay gives
# you (deploy/k8s/smtp.template.yaml).
EOF
}

case "${1:-}" in
    compose) shift; compose "$@" ;;
    k8s) shift; k8s "$@" ;;
    *) usage ;;
esac
