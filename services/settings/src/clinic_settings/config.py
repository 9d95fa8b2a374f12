from datetime import timedelta

from clinic_settings.domain.one_time_links import LinkPolicy
from clinic_settings.domain.password_reset_limits import PasswordResetLimits
from clinic_settings.domain.sign_in_limits import BackOff, SignInLimits
from servicekit.config import ServiceSettings
from servicekit.http_body_limit import DEFAULT_MAX_IMPORT_BODY_BYTES


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
    # Where the people's pages are (the gateway, as the public reaches it): invitation and password
    # reset links point there.
    public_base_url: str = "http://127.0.0.1:8000"
    invitation_days: float = 7
    password_reset_minutes: float = 60
    # The notifications service mails every link to its person. A local start (deploy/stack.py)
    # also writes each link to this service's log, where a developer without a mail relay finds
    # it; never in production: a link opens an account.
    log_one_time_links: bool = False
    # Reset links made per email before a wait (the answer stays the same; no link is made), and
    # requests per client address before a 429; the first wait doubles up to the longest.
    password_resets_per_email: int = 3
    password_resets_per_address: int = 20
    password_reset_back_off_seconds: float = 15 * 60
    password_reset_back_off_max_seconds: float = 24 * 60 * 60

    def sign_in_limits(self) -> SignInLimits:
        thresholds = self.sign_in_failures_per_account, self.sign_in_failures_per_address
        waits = self.sign_in_back_off_seconds, self.sign_in_back_off_max_seconds
        return SignInLimits(*_back_offs(thresholds, *waits), forget_after=self._forget_after())

    def link_policy(self) -> LinkPolicy:
        return LinkPolicy(
            public_base_url=self.public_base_url,
            invitation_lifetime=timedelta(days=self.invitation_days),
            password_reset_lifetime=timedelta(minutes=self.password_reset_minutes),
        )

    def password_reset_limits(self) -> PasswordResetLimits:
        thresholds = self.password_resets_per_email, self.password_resets_per_address
        waits = self.password_reset_back_off_seconds, self.password_reset_back_off_max_seconds
        return PasswordResetLimits(*_back_offs(thresholds, *waits), forget_after=self._forget_after())

    def _forget_after(self) -> timedelta:
        return timedelta(seconds=self.sign_in_forget_after_seconds)


def _back_offs(thresholds: tuple[int, ...], first_seconds: float, longest_seconds: float) -> list[BackOff]:
    """Back-offs alike but for their thresholds: a wait of `first_seconds`, doubling up to `longest_seconds`."""
    first, longest = timedelta(seconds=first_seconds), timedelta(seconds=longest_seconds)
    return [BackOff(threshold, first, longest) for threshold in thresholds]
