from clinic_settings.domain.errors import SettingsRuleBroken


def required_name(name: str, what: str) -> str:
    """The name without surrounding blanks; a blank name is refused."""
    stripped = name.strip()
    if not stripped:
        raise SettingsRuleBroken("name-required", f"The {what} must not be blank.")
    return stripped
