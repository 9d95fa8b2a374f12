from servicekit.errors import DomainError


class SettingsRuleBroken(DomainError, ValueError):
    """A change an admin asked for breaks a settings rule; `code` is stable for clients."""

    title = "The settings were not changed"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


class SettingsConflict(SettingsRuleBroken):
    """The change is well-formed but clashes with what is already stored (an id or email taken)."""

    status = 409
