"""Example values several test packages build their events from."""

from clinic_settings.domain.clinic import DEFAULT_REQUEST_POLICY

# A clinic's usual request rules, the ones a new clinic starts with: a day's notice, two months
# ahead, quarter-hour slots.
REQUEST_POLICY = DEFAULT_REQUEST_POLICY
