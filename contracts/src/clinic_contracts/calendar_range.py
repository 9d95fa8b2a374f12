"""The days and instants the system takes: from the year 1900 to the year 2999.

Python's dates end at the years 1 and 9999, and a time near either end overflows as soon as it is
seen in another zone or has a visit's length added (an OverflowError: a 500, or an event no
consumer can handle). No appointment, working hours or closure is anywhere near them, so both ends
are refused where a value comes in: every date and instant of a body, a query and an event.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from annotated_types import Ge, Le, Lt
from pydantic import AwareDatetime

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)

Day = Annotated[date, Ge(EARLIEST_DAY), Le(LATEST_DAY)]
Instant = Annotated[AwareDatetime, Ge(datetime(1900, 1, 1, tzinfo=UTC)), Lt(datetime(3000, 1, 1, tzinfo=UTC))]
