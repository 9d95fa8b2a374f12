"""One JSON object per log line, for the gateway and every service.

Each line names the service, the call's request id (servicekit.request_ids) and, when a trace is
being recorded, its trace and span ids, so one call can be followed through every service's log.
Log messages name ids and kinds, never a person's data (names, emails, dates of birth, reasons,
notes): a log is read by more people, and kept longer, than the database.
"""

import json
import logging
import sys
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
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


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
