"""What the fuzz sent and what came back wrong, per target (a service, or the gateway as one role).

Wrong answers are collected, not raised inside Hypothesis: a raise would stop the operation at its
first failure and spend minutes shrinking it, and the report should list every 5xx the run found.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from schemathesis import Case, Response
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup

PROBLEM = "application/problem+json"
FHIR = "application/fhir+json"


@dataclass
class Tally:
    cases: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # target -> (operation, status, problem code or body) -> a curl command that reproduces it
    wrong: dict[str, dict[tuple[str, int, str], str]] = field(default_factory=lambda: defaultdict(dict))
    # target -> seconds spent waiting for answers; (target, operation) -> the same, per operation
    seconds: Counter = field(default_factory=Counter)
    operation_seconds: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(sum(counts.values()) for counts in self.cases.values())

    def judge(self, target: str, case: Case, response: Response) -> None:
        """Counts the case; keeps it if the answer is a server error or a 4xx that is no problem document."""
        self.cases[target][case.operation.label] += 1
        reason = None
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except (Failure, FailureGroup):
            reason = "server error"
        if 400 <= response.status_code < 500 and not _refusal_document(case, response):
            reason = "4xx that is not a problem document"
        if reason:
            key = (case.operation.label, response.status_code, f"{reason}: {_code(response)}")
            self.wrong[target].setdefault(key, case.as_curl_command())

    def timed(self, target: str, case: Case):
        return _Stopwatch(self, target, case.operation.label)

    def report(self) -> list[str]:
        lines = [f"{self.total} generated cases in {sum(self.seconds.values()):.0f} s"]
        for target, counts in self.cases.items():
            lines.append(
                f"  {target}: {sum(counts.values())} cases over {len(counts)} operations"
                f" in {self.seconds[target]:.0f} s, {len(self.wrong[target])} kinds of wrong answer"
            )
        slowest = ", ".join(f"{t} {op} {s:.0f} s" for (t, op), s in self.operation_seconds.most_common(5))
        lines.append(f"  slowest: {slowest}")
        for target, wrong in self.wrong.items():
            for (operation, status, what), curl in sorted(wrong.items()):
                lines.append(f"  WRONG {target}: {operation} -> {status} ({what})\n      {curl}")
        return lines


def _refusal_document(case: Case, response: Response) -> bool:
    """A refusal in the caller's language: problem+json, or under the FHIR facade (/fhir) an
    OperationOutcome carrying the same problem code (clinic_gateway.routes.fhir.outcomes)."""
    content_type = response.headers.get("content-type", [""])[0]
    if not case.operation.path.startswith("/fhir/"):
        return content_type == PROBLEM
    try:
        document = response.json()
    except ValueError:
        return False
    return (
        content_type.startswith(FHIR)
        and isinstance(document, dict)
        and document.get("resourceType") == "OperationOutcome"
        and bool(document.get("issue"))
    )


def _code(response: Response) -> str:
    try:
        document = response.json()
    except ValueError:
        return response.text[:120]
    return str(document.get("code") or document)[:120] if isinstance(document, dict) else str(document)[:120]


class _Stopwatch:
    def __init__(self, tally: Tally, target: str, operation: str) -> None:
        self.tally, self.target, self.operation = tally, target, operation

    def __enter__(self) -> None:
        self.started = time.monotonic()

    def __exit__(self, *_) -> None:
        elapsed = time.monotonic() - self.started
        self.tally.seconds[self.target] += elapsed
        self.tally.operation_seconds[(self.target, self.operation)] += elapsed


TALLY = Tally()
