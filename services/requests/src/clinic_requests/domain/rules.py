"""Business rules as small named objects: each reads as a sentence and has a stable code."""

from abc import ABC, abstractmethod
from enum import StrEnum
from typing import ClassVar


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


class RuleBroken(Exception):
    def __init__(self, rule: BusinessRule) -> None:
        super().__init__(rule.message())
        self.rule = rule
        self.code = rule.code
        self.breach = rule.breach
        self.message = rule.message()


def check(*rules: BusinessRule) -> None:
    """Raise for the first broken rule, in the order given."""
    for rule in rules:
        if rule.is_broken():
            raise RuleBroken(rule)
