"""docs/architecture.md answers "where does this live?" with one `file::name` each: every one of
them must still exist, so the map cannot rot when code moves."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "docs" / "architecture.md"
# `path::name`, in backticks, anywhere in the map.
PLACE = re.compile(r"`([\w./-]+\.(?:py|css|js))::([\w.$-]+)`")


def places() -> list[tuple[str, str]]:
    return PLACE.findall(MAP.read_text(encoding="utf-8"))


def python_names(source: str) -> set[str]:
    """Top-level functions and classes, and `Class.method` for their methods."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names |= {
                f"{node.name}.{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            }
    return names


def defines(path: Path, name: str) -> bool:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return name in python_names(source)
    if path.suffix == ".css":
        return re.search(rf"^{re.escape(name)}\s*\{{", source, re.MULTILINE) is not None
    return re.search(rf"\bfunction\s+{re.escape(name)}\s*\(", source) is not None


def test_the_map_names_the_five_places() -> None:
    assert len(places()) >= 5


def test_every_place_the_map_names_exists() -> None:
    missing = [
        f"{path}::{name}" for path, name in places() if not (ROOT / path).is_file() or not defines(ROOT / path, name)
    ]
    assert missing == [], "docs/architecture.md names places that no longer exist"
