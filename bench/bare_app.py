"""The floor of bench_pipeline.py: one bare FastAPI endpoint, served the way the services are
(servicekit.runtime.serve_http, as servicekit.runtime.serve runs them: one uvicorn worker, the same
event loop and HTTP parser; no tracing, metrics or logging of a service's own).

    .venv/bin/python bench/bare_app.py PORT
"""

import sys

from fastapi import FastAPI

from servicekit.runtime import serve_http

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    serve_http(app, "127.0.0.1", int(sys.argv[1]), log_level="info")
