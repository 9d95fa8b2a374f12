"""Business rules as small named objects: each reads as a sentence and has a stable code."""

from abc import ABC, abstractmethod
from enum import StrEnum
from typing import ClassVar

from servicekit.errors import DomainError


class Breach(StrEnum):
    """What breaking a rule means for the caller, so an entry point can answer in its own terms."""

    INVALID = "invalid"  # the input cannot be accepted as it is
    CONFLICT = "conflict"  # the input is fine, but the current state does not allow it
    FORBIDDEN = "forbidden"  # this actor may not do this


class BusinessRule(ABC):
    code: ClassVar[str]
    breach: ClassVar[Breach] = Breach.INVALID

    @abstractmethod
    def is_broken(self) -> bool: ...

    @abstractmethod
    def message(self) -> str: ...


# How each breach answers a caller: the HTTP status and the problem's title.
_ANSWERS = {
    Breach.INVALID: (422, "The appointment request breaks a rule"),
    Breach.CONFLICT: (409, "The appointment request conflicts with what is already there"),
    Breach.FORBIDDEN: (403, "Not allowed"),
}


class RuleBroken(DomainError):
    def __init__(self, rule: BusinessRule) -> None:
        super().__init__(rule.message(), code=rule.code)
        self.rule = rule
        self.breach = rule.breach
        self.status, self.title = _ANSWERS[rule.breach]


def check(*rules: BusinessRule) -> None:
    """Raise for the first broken rule, in the order given."""
    for rule in rules:
        if rule.is_broken():
            raise RuleBroken(rule)
