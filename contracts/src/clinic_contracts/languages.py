"""The language a clinic's words to people are written in: a language tag (BCP 47's common form,
`en`, `es`, `pt-BR`). The settings service keeps it; the notifications service writes in it,
or in English while it has no texts of that language."""

from typing import Annotated

from pydantic import Field

DEFAULT_LANGUAGE = "en"

LanguageTag = Annotated[
    str,
    Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$", max_length=6, examples=["en", "es", "pt-BR"]),
]
