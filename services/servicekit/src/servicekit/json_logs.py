"""One JSON object per log line, for the gateway and every service.

Each line names the service, the call's request id (servicekit.request_ids) and, when a trace is
being recorded, its trace and span ids, so one call can be followed through every service's log.
Log messages name ids and kinds, never a person's data (names, emails, dates of birth, reasons,
notes): a log is read by more people, and kept longer, than the database. So an exception is
logged as where it happened and of what kind, without its message: a message may quote the data
that failed (asyncpg quotes the values a statement was given, a relay the address it refused).
"""

import json
import logging
import sys
import traceback
from datetime import UTC, datetime

from servicekit.request_ids import current_request_id

try:  # Tracing is optional: without the OpenTelemetry API, lines carry no trace ids.
    from opentelemetry import trace
except ImportError:  # pragma: no cover - depends on what is installed
    trace = None


class JsonLines(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": self.service,
        }
        if request_id := current_request_id():
            line["request_id"] = request_id
        line.update(_current_span())
        if record.exc_info and record.exc_info[1] is not None:
            line["exception"] = without_messages(record.exc_info[1])
        return json.dumps(line, ensure_ascii=False, default=str)


def without_messages(error: BaseException) -> str:
    """The traceback of `error` and of the errors it came from, each ending in its kind alone."""
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\n\nwhich led to:\n\n".join(
        "Traceback (most recent call last):\n"
        + "".join(traceback.format_tb(link.__traceback__))
        + f"{type(link).__module__}.{type(link).__qualname__}"
        for link in reversed(chain)
    )


def _current_span() -> dict[str, str]:
    if trace is None:
        return {}
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return {}
    return {"trace_id": format(context.trace_id, "032x"), "span_id": format(context.span_id, "016x")}


def log_as_json(service: str, level: int = logging.INFO) -> None:
    """Every logger of the process (uvicorn's too, when it is run with `log_config=None`) writes
    JSON lines to stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every call the gateway makes, its URL with the query (which may name a person).
    logging.getLogger("httpx").setLevel(logging.WARNING)
