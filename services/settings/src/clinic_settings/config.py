from datetime import timedelta

from servicekit.config import ServiceSettings
from servicekit.http_body_limit import DEFAULT_MAX_IMPORT_BODY_BYTES

from clinic_settings.domain.sign_in_limits import BackOff, SignInLimits


class SettingsServiceSettings(ServiceSettings):
    database_url: str = "sqlite+aiosqlite:///./var/settings.db"
    http_port: int = 8001
    # Failed sign-ins in a row before sign-in is refused for a while: per email, and per client
    # address (higher, since a clinic's users may share one NAT address).
    sign_in_failures_per_account: int = 5
    sign_in_failures_per_address: int = 20
    # The first wait after the threshold; it doubles with each further failure up to the longest.
    sign_in_back_off_seconds: float = 1.0
    sign_in_back_off_max_seconds: float = 15 * 60
    sign_in_forget_after_seconds: float = 24 * 60 * 60
    # Argon2 holds 64 MiB per hash: at most this many at once, each caller waiting at most so long.
    password_hashing_concurrency: int = 2
    password_hashing_wait_seconds: float = 3.0
    # A clinic's data to import (POST /clinics/{clinic_id}/imports) may be this large; other
    # bodies MAX_REQUEST_BODY_BYTES.
    max_import_body_bytes: int = DEFAULT_MAX_IMPORT_BODY_BYTES

    def sign_in_limits(self) -> SignInLimits:
        first = timedelta(seconds=self.sign_in_back_off_seconds)
        longest = timedelta(seconds=self.sign_in_back_off_max_seconds)
        return SignInLimits(
            per_account=BackOff(self.sign_in_failures_per_account, first, longest),
            per_address=BackOff(self.sign_in_failures_per_address, first, longest),
            forget_after=timedelta(seconds=self.sign_in_forget_after_seconds),
        )
