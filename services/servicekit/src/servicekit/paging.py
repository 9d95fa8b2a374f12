"""The bounds of a page of a list, the same at the gateway and behind it.

An integer from a query string is bounded at both ends: a database takes 64-bit integers at most,
so an unbounded offset (`?offset=9223372036854775808`) would reach it and fail there, a 500.
"""

from typing import Annotated

from fastapi import Query

MAX_PAGE_SIZE = 200
# Far beyond any list a person pages through; a bound, not a promise of that many rows.
MAX_OFFSET = 1_000_000

PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="At most this many items")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many items")]

# A change's id (the settings' and the calendar's audit trails) is a 32-bit integer column in
# PostgreSQL: a cursor beyond it would fail there, a 500, so the cursor stops where the column does.
MAX_CHANGE_ID = 2**31 - 1
ChangeCursor = Annotated[int | None, Query(ge=1, le=MAX_CHANGE_ID, description="Page back from this change_id")]
