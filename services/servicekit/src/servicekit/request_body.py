"""What every service's request bodies have in common."""

from pydantic import BaseModel, ConfigDict, model_validator

# PostgreSQL's text cannot hold U+0000: a body carrying it would fail at the database (a 500).
NUL = "\x00"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


class RequestBody(BaseModel):
    # A misspelt field is an error, not a change silently ignored.
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _text_a_database_can_store(self):
        if any(NUL in text for text in _strings(self.model_dump())):
            raise ValueError("text may not contain the NUL character (U+0000)")
        return self
