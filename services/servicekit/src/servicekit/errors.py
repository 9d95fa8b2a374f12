"""One error scheme for every service: a refusal its callers are told of as a problem document.

Each service's refusals subclass DomainError and say their `code`, HTTP `status` and `title`;
servicekit.problems answers every one of them alike, the message becoming the problem's detail.
Nothing here imports a web framework, so a domain module may raise one.
"""

from uuid import UUID


class DomainError(Exception):
    """A refusal with a stable `code` for clients (the problem's `type`), the HTTP `status` that
    answers it and a `title`; the message says what happened to this call."""

    code: str = "invalid-request"
    status: int = 422
    title: str = "The request is not valid"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def extensions(self) -> dict[str, object]:
        """The problem document's fields beyond the standard ones."""
        return {}

    def headers(self) -> dict[str, str]:
        """HTTP headers the answer carries (a Retry-After)."""
        return {}


class NotFound(DomainError, LookupError):
    """No such `kind` of thing has this id; `kind` is spelt as its code spells it ("waitlist-entry")."""

    status = 404
    title = "Not found"

    def __init__(self, kind: str, entity_id: UUID) -> None:
        super().__init__(f"No {kind.replace('-', ' ')} has id {entity_id}.", code=f"{kind}-not-found")
        self.kind = kind


class TryLater(DomainError):
    """A refusal that passes with time: too many attempts for now. The answer says when to try again,
    as `retry_after_seconds` and in the Retry-After header."""

    status = 429

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    def extensions(self) -> dict[str, object]:
        return {"retry_after_seconds": self.retry_after_seconds}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}
