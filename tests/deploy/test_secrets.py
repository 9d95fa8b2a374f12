"""No keys or secrets in the repository: templates hold placeholders, made keys stay out of git and
out of the images."""

from __future__ import annotations

import base64
import re
import subprocess

import pytest

from tests.deploy.manifests import ROOT

# `KEY_ID:BASE64URL` of 32 bytes: how servicekit.actor_tokens writes a key, private or public.
KEY_TEXT = re.compile(r"([\w.-]+):([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])")


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z"], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        pytest.skip(f"not a git checkout: {result.stderr.strip()}")
    return [name for name in result.stdout.split("\0") if name]


def test_no_actor_token_key_is_committed():
    found = []
    for name in tracked_files():
        try:
            text = (ROOT / name).read_text()
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for match in KEY_TEXT.finditer(text):
            if len(base64.urlsafe_b64decode(match.group(2) + "=")) == 32:
                found.append(f"{name}: {match.group(1)}:…")
    assert not found, f"key material in git: {found}"


def test_the_key_pattern_finds_a_key():
    """The control for the test above: the pattern recognises what make-secrets.sh writes."""
    from servicekit.actor_tokens import SigningKey

    key = SigningKey.generate("gateway-20260101T000000Z")
    for text in (f"CLINIC_GATEWAY_SIGNING_KEY={key.text()}\n", f"a,{key.public_text()},b"):
        assert KEY_TEXT.search(text)


def test_the_env_file_with_the_keys_is_ignored_by_git():
    tracked_files()
    assert subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT).returncode == 0


def test_the_env_file_stays_out_of_the_image_build_context():
    patterns = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert ".env" in patterns
