class SettingsRuleBroken(ValueError):
    """A change an admin asked for breaks a settings rule; `code` is stable for clients."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class SettingsConflict(SettingsRuleBroken):
    """The change is well-formed but clashes with what is already stored (an id or email taken)."""
