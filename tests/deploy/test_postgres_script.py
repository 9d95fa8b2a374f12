"""deploy/postgres.sh works on the cluster named `main` only: a test's own cluster (the chaos
suite's, tests/infrastructure.DedicatedPostgres) may be listed before it, and must be left alone.

Stand-ins for Debian's cluster commands record what the script asks of them; the real ones would
stop the PostgreSQL every test shares.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.deploy.manifests import ROOT

POSTGRES_SH = ROOT / "deploy" / "postgres.sh"

# `chaos-…` sorts before `main`, as a test's cluster does.
CLUSTERS = """15 chaos-1a2b3c4d 41234 online postgres /var/lib/postgresql/15/chaos-1a2b3c4d /dev/null
15 main 5432 online postgres /var/lib/postgresql/15/main /dev/null
"""


def stand_ins(folder: Path, calls: Path) -> dict[str, str]:
    folder.mkdir()
    commands = {
        "pg_lsclusters": f"cat <<'END'\n{CLUSTERS}END",
        "pg_ctlcluster": f'echo "pg_ctlcluster $*" >> {calls}',
        # Not root: the script asks sudo, which here only runs the command.
        "sudo": 'exec "$@"',
    }
    for name, body in commands.items():
        script = folder / name
        script.write_text(f"#!/usr/bin/env bash\n{body}\n")
        script.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


def test_stop_stops_the_cluster_named_main_not_the_first_listed(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    env = stand_ins(tmp_path / "bin", calls)
    subprocess.run(["bash", str(POSTGRES_SH), "stop"], env=env, check=True, capture_output=True)
    assert calls.read_text().splitlines() == ["pg_ctlcluster 15 main stop"]
