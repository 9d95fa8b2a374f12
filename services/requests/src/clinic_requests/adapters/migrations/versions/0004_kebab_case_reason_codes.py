"""the calendar's reason codes in kebab-case, as every other code of the system

Requests refused, conflicting or with a refused edit before the change keep the calendar's old
snake_case code (`conflicts_with_calendar`); they now read as the new (`conflicts-with-calendar`).
Every code of the system is kebab-case, so no other code changes.
"""

from alembic import op

revision = "0004"
down_revision = "0003"

CODE_COLUMNS = ("refusal_code", "conflict_code", "edit_refusal_code")


def upgrade() -> None:
    for column in CODE_COLUMNS:
        op.execute(f"UPDATE appointment_requests SET {column} = REPLACE({column}, '_', '-') WHERE {column} IS NOT NULL")


def downgrade() -> None:
    """The old services read only the old spelling of the calendar's codes."""
    for column in CODE_COLUMNS:
        op.execute(f"UPDATE appointment_requests SET {column} = REPLACE({column}, '-', '_') WHERE {column} IS NOT NULL")
