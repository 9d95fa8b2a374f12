"""What every service's request bodies have in common.

Text a database cannot store (a NUL character, a lone surrogate) is refused before any body is
read, for every JSON body alike, by servicekit.valid_unicode."""

from pydantic import BaseModel, ConfigDict


class RequestBody(BaseModel):
    # A misspelt field is an error, not a change silently ignored.
    model_config = ConfigDict(extra="forbid")
