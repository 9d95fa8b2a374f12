"""The words of every notice, from Jinja2 templates: `templates/<language>/<kind>.subject.txt`,
`<kind>.txt` (plain text) and `<kind>.html`. A translation is a folder of these files, no code;
a language without a folder reads in English."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from clinic_notifications.domain.notices import NoticeKind

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class NoticeText:
    subject: str
    text: str
    html: str


class NoticeTexts:
    def __init__(self, directory: Path = TEMPLATES) -> None:
        self.directory = directory
        self._environments: dict[str, Environment] = {}

    def languages(self) -> list[str]:
        return sorted(path.name for path in self.directory.iterdir() if path.is_dir())

    def _known(self, language: str) -> str:
        """The language's folder name, only if it is one of ours: a tag is never a path."""
        if language not in self._environments and language not in self.languages():
            return FALLBACK_LANGUAGE
        return language

    def render(self, kind: NoticeKind, context: dict[str, Any], language: str = FALLBACK_LANGUAGE) -> NoticeText:
        environment = self._environment(self._known(language))
        # A subject is one line whatever a name holds: a header with a line break would be refused.
        subject = " ".join(environment.get_template(f"{kind}.subject.txt").render(context).split())
        text = environment.get_template(f"{kind}.txt").render(context)
        html = environment.get_template(f"{kind}.html").render({**context, "subject": subject})
        return NoticeText(subject, text, html)

    def _environment(self, language: str) -> Environment:
        if language not in self._environments:
            self._environments[language] = Environment(
                loader=FileSystemLoader(self.directory / language),
                # Names and reasons are what people typed: escaped in HTML, never markup.
                autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
                undefined=StrictUndefined,
                # The texts ship with the release: no file's time is checked again at each email.
                auto_reload=False,
            )
        return self._environments[language]
