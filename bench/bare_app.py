"""The floor of bench_pipeline.py: one bare FastAPI endpoint, served the way the services are
(servicekit.runtime.serve: one uvicorn worker, the same event loop and HTTP parser).

    .venv/bin/python bench/bare_app.py PORT
"""

import sys

from fastapi import FastAPI

from servicekit.config import ServiceSettings
from servicekit.runtime import serve

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    serve(app, ServiceSettings(http_port=int(sys.argv[1])))
