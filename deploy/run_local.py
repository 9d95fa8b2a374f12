"""Starts Kafka, Mailpit, the five services and a demo clinic on this machine; Ctrl-C stops all of it.

Run through deploy/run.sh. The notifications service mails to Mailpit (deploy/mailpit.sh, built
from source the first time; without Go the rest starts and email goes nowhere), on the ports in
MAILPIT_SMTP_PORT (1025) and MAILPIT_WEB_PORT (8025). SQLite databases live in var/ (delete it to
start afresh); `--postgres` uses the local PostgreSQL from deploy/postgres.sh instead. With
`--clinic NAME --time-zone ZONE --admin-name NAME --admin-email EMAIL` it starts a clinic of your
own instead of the demo: the clinic, empty, and an invitation link for its first admin. With
`--replicas N` (and `--postgres`) each service runs as N processes sharing its port.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
from kafka_access import KafkaAccess
from local_mailpit import LocalMailpit
from stack import BACK_END, LocalStack

from clinic_contracts.kafka_acls import service_users

ROOT = Path(__file__).resolve().parents[1]
KAFKA = ["bash", str(ROOT / "deploy" / "kafka" / "kafka.sh")]


# Once the broker is ready: topics, then ACLs, as its super user (kafka.sh exports the variables).
TOPICS_AND_ACLS = (
    f'{sys.executable} -m clinic_contracts.admin --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" --print-acls'
    ' | bash "$KAFKA_SH" acls'
)


def start_kafka() -> tuple[KafkaAccess, bool]:
    """Returns how to reach the broker and whether this run started it."""
    already = subprocess.run([*KAFKA, "status"], capture_output=True).returncode == 0
    # The SCRAM users, like the ACLs, come from the topic registry.
    env = {**os.environ, "KAFKA_TOPICS_CMD": TOPICS_AND_ACLS, "KAFKA_SERVICE_USERS": " ".join(service_users())}
    env.setdefault("KAFKA_PORT", "19092")
    bootstrap = subprocess.run([*KAFKA, "start"], check=True, env=env, stdout=subprocess.PIPE, text=True).stdout.strip()
    credentials = subprocess.run([*KAFKA, "credentials"], check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    return KafkaAccess.from_credentials_file(bootstrap, Path(credentials)), not already


def database_urls(use_postgres: bool) -> dict[str, str]:
    if use_postgres:
        subprocess.run(["bash", str(ROOT / "deploy" / "postgres.sh"), "start"], check=True)
        script = ["bash", str(ROOT / "deploy" / "postgres.sh"), "url"]
        return {
            name: subprocess.run([*script, f"clinic_{name}"], capture_output=True, text=True, check=True).stdout.strip()
            for name in BACK_END
        }
    return {name: f"sqlite+aiosqlite:///{ROOT / 'var' / f'{name}.db'}" for name in BACK_END}


def load_demo_clinic(stack: LocalStack) -> None:
    demo = [sys.executable, "-m", "clinic_settings.demo", "--url", stack.url("settings")]
    subprocess.run(demo, check=True, env={**os.environ, **stack.operator_env()})
    give_demo_therapists_working_hours(stack)


def give_demo_therapists_working_hours(stack: LocalStack, timeout: float = 60) -> None:
    """Weekdays 09:00-17:00 local, so the portal offers times at once. A therapist at both
    locations works Monday to Wednesday at the first and Thursday and Friday at the second."""
    from clinic_settings.demo_data import THERAPISTS

    deadline = time.monotonic() + timeout
    auth = stack.operator_auth("availability")
    for therapist in THERAPISTS:
        locations = therapist["location_ids"]
        for index, location_id in enumerate(locations):
            weekdays = range(5) if len(locations) == 1 else (range(3) if index == 0 else range(3, 5))
            hours = [{"weekday": day, "start": "09:00:00", "end": "17:00:00"} for day in weekdays]
            body = {"periods": [{"effective_from": str(date.today()), "hours": hours}], "extra_hours": []}
            path = f"{stack.url('availability')}/therapists/{therapist['therapist_id']}/working-hours/{location_id}"
            # Availability learns of the demo's therapists and locations through Kafka, moments later.
            while (answer := httpx.put(path, json=body, auth=auth, timeout=10)).status_code != 200:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"working hours refused: {answer.status_code} {answer.text}")
                time.sleep(0.5)
    print(f"Demo therapists work weekdays 09:00-17:00 ({len(THERAPISTS)} therapists).")


def start_own_clinic(stack: LocalStack, args: argparse.Namespace) -> None:
    """The operator's first-clinic command (clinic_settings.bootstrap), which prints the link."""
    command = [
        *(sys.executable, "-m", "clinic_settings.bootstrap", "--url", stack.url("settings")),
        *("--clinic-name", args.clinic, "--time-zone", args.time_zone),
        *("--admin-name", args.admin_name, "--admin-email", args.admin_email),
    ]
    subprocess.run(command, check=True, env={**os.environ, **stack.operator_env()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use local PostgreSQL instead of SQLite")
    parser.add_argument(
        "--replicas", type=int, default=1, metavar="N", help="processes per service, sharing its port (default: 1)"
    )
    own = parser.add_argument_group("a clinic of your own instead of the demo (all four, or none)")
    own.add_argument("--clinic", help="the clinic's name")
    own.add_argument("--time-zone", help="the clinic's IANA time zone, e.g. Europe/London")
    own.add_argument("--admin-name", help="its first admin's name")
    own.add_argument("--admin-email", help="its first admin's email: they get the invitation link")
    args = parser.parse_args()
    if args.replicas < 1:
        parser.error("--replicas is at least 1")
    if args.replicas > 1 and not args.postgres:
        # SQLite is one file per service: one writer at a time, on one machine only.
        parser.error("--replicas above 1 needs --postgres")
    own_clinic = [args.clinic, args.time_zone, args.admin_name, args.admin_email]
    if any(own_clinic) and not all(own_clinic):
        parser.error("--clinic, --time-zone, --admin-name and --admin-email go together")

    started = time.monotonic()
    log_dir = ROOT / "var" / "logs"
    # Built before anything starts (the first time, over a minute), started once Ctrl-C can stop it.
    mailpit = LocalMailpit(log_dir / "mailpit.log")
    no_mailpit = mailpit.build()
    if no_mailpit:
        print(f"Mailpit: not started, {no_mailpit}; the emails go nowhere.", file=sys.stderr, flush=True)
    kafka, started_kafka = start_kafka()
    stack = LocalStack(
        kafka=kafka,
        database_urls=database_urls(args.postgres),
        log_dir=log_dir,
        replicas=args.replicas,
        # /docs offers the demo accounts, and a random sign-in secret is fine on a laptop.
        extra_env={"DEV_MODE": "true", **({} if no_mailpit else mailpit.smtp_env())},
    )
    stopping = False

    def stop(exit_code: int = 0) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        print("\nstopping services ...", flush=True)
        stack.stop()
        mailpit.stop()
        if started_kafka:
            subprocess.run([*KAFKA, "stop"], check=False)
        print("stopped.", flush=True)
        sys.exit(exit_code)

    signal.signal(signal.SIGINT, lambda *_: stop())
    signal.signal(signal.SIGTERM, lambda *_: stop())
    try:
        if not no_mailpit:
            mailpit.start()
        stack.start(timeout=90)
        if args.clinic:
            start_own_clinic(stack, args)
        else:
            load_demo_clinic(stack)
    except Exception as error:
        print(f"start-up failed: {error}", file=sys.stderr)
        stop(exit_code=1)
    print(f"\nClinic Appointment Requests is running ({time.monotonic() - started:.1f} s to start):")
    if args.replicas > 1:
        print(f"  ({args.replicas} replicas of each service, sharing its port)")
    print(f"  gateway       {stack.url('gateway')}   (API docs: {stack.url('gateway')}/docs)")
    for name in BACK_END:
        print(f"  {name:<13} {stack.url(name)}")
    if no_mailpit:
        print(
            f"  mailpit       not started ({no_mailpit}): the notifications service retries each email, then marks it failed"
        )
    else:
        print(f"  mailpit       {mailpit.web_url}   (the emails: {mailpit.messages_url}; one: /view/<ID>.html or .txt)")
    print(
        f"  kafka         {kafka.bootstrap}   (SASL/SCRAM; `deploy/kafka/kafka.sh credentials` names the passwords file)"
    )
    print(f"  logs          {stack.log_dir}")
    print(f"  metrics       <any service>/metrics with 'Authorization: Bearer {stack.metrics_token}'")
    print("Press Ctrl-C to stop everything.", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
