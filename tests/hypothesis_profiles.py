"""Hypothesis profiles: `dev`, quick enough for the edit loop, and `ci`, as thorough as each test asks.

CI (CI=true, as .ci/run sets it) runs `ci`; anywhere else `dev`; HYPOTHESIS_PROFILE names either.
A property test states the count it wants when thorough with `examples(n)`: `ci` runs n, `dev` its
own small number, so one command decides how hard every property is pushed.
"""

import os

from hypothesis import settings

QUICK_EXAMPLES = 30

settings.register_profile("dev", max_examples=QUICK_EXAMPLES)
settings.register_profile("ci", print_blob=True)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
settings.load_profile(PROFILE)


def examples(thorough: int) -> int:
    """How many examples a property test runs: `thorough` under `ci`, the quick count under `dev`."""
    return thorough if PROFILE == "ci" else min(thorough, QUICK_EXAMPLES)
