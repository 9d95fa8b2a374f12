from clinic_settings.domain.errors import SettingsRuleBroken

# The columns' width; the HTTP API's bodies say the same, an import has no other check before this.
LONGEST_NAME = 200


def required_name(name: str, what: str) -> str:
    """The name without surrounding blanks; a blank or overlong name is refused."""
    stripped = name.strip()
    if not stripped:
        raise SettingsRuleBroken("name-required", f"The {what} must not be blank.")
    if len(stripped) > LONGEST_NAME:
        raise SettingsRuleBroken("name-too-long", f"The {what} has at most {LONGEST_NAME} characters.")
    return stripped
