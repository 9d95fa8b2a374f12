from clinic_settings.domain.errors import SettingsRuleBroken

SHORTEST_PASSWORD = 10
# Hashing cost grows with the input; nobody types more than this.
LONGEST_PASSWORD = 1024


def require_acceptable_password(password: str) -> None:
    if len(password) < SHORTEST_PASSWORD:
        raise SettingsRuleBroken("password-too-short", f"A password has at least {SHORTEST_PASSWORD} characters.")
    if len(password) > LONGEST_PASSWORD:
        raise SettingsRuleBroken("password-too-long", f"A password has at most {LONGEST_PASSWORD} characters.")
