"""The gateway image installs the package non-editable, so the pages must travel in its wheel."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.infrastructure import ROOT

GATEWAY = ROOT / "services" / "gateway"
PAGES = GATEWAY / "src" / "clinic_gateway" / "pages"


def test_every_page_and_asset_is_in_the_gateway_wheel(tmp_path: Path) -> None:
    # A copy, so the build leaves no build/ folder in the work tree.
    source = tmp_path / "gateway"
    shutil.copytree(GATEWAY, source, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "build"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = tmp_path.glob("clinic_gateway-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())

    expected = {
        f"clinic_gateway/pages/{path.relative_to(PAGES).as_posix()}"
        for path in PAGES.rglob("*")
        if path.is_file() and path.suffix in {".html", ".css", ".js"}
    }
    assert expected, "no pages found"
    assert sorted(expected - packaged) == []
