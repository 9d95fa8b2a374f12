"""Business rules as small named objects: each reads as a sentence and has a stable code.

Most rules are declared with `rule`: their code, what breaking them means in words, and when they
hold, in one place. One whose words need more than its fields' values is a class of its own.
"""

import inspect
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, ClassVar, ParamSpec, cast

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


Fields = ParamSpec("Fields")


def rule(
    code: str, says: str, breach: Breach = Breach.INVALID
) -> Callable[[Callable[Fields, bool]], Callable[Fields, BusinessRule]]:
    """Makes the function it decorates a rule of that name: a frozen dataclass whose fields are the
    function's parameters, broken when the function (what must hold) answers False, and whose
    message is `says` formatted with those fields (`"{location.name} does not take requests."`).
    A type checker sees a constructor of a BusinessRule; at run time it is the class itself."""

    def declare(holds: Callable[Fields, bool]) -> Callable[Fields, BusinessRule]:
        def values(self: BusinessRule) -> dict[str, Any]:
            return {field.name: getattr(self, field.name) for field in fields(cast(Any, self))}

        def is_broken(self: BusinessRule) -> bool:
            return not cast(Callable[..., bool], holds)(**values(self))

        def message(self: BusinessRule) -> str:
            return says.format(**values(self))

        annotations = {name: parameter.annotation for name, parameter in inspect.signature(holds).parameters.items()}
        namespace = {
            "__module__": holds.__module__,
            "__qualname__": holds.__qualname__,
            "__doc__": holds.__doc__,
            "__annotations__": annotations,
            "code": code,
            "breach": breach,
            "is_broken": is_broken,
            "message": message,
        }
        made: type[BusinessRule] = dataclass(frozen=True)(type(holds.__name__, (BusinessRule,), namespace))
        return cast(Callable[Fields, BusinessRule], made)

    return declare


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
