"""A pooled HTTP call imports nothing at run time. httpcore asks which async library runs with
`import sniffio` on every request its connection pool handles, and Python does not remember a
failed import: without sniffio installed (anyio 4.16 stopped bringing it), each call searched
sys.path again - py-spy found an eighth of the gateway's CPU there during bench_pipeline's
approvals. servicekit depends on sniffio for this reason."""

import sys

from httpcore._synchronization import current_async_library


async def test_the_pools_question_is_answered_by_an_installed_module() -> None:
    # The very call httpcore's pool makes per request (httpcore/_synchronization.py).
    assert current_async_library() == "asyncio"
    assert "sniffio" in sys.modules, "sniffio is not installed: every pooled httpx call retries a failed import"
