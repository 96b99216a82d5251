"""Demo texts in the communes' languages, and their translation into the demo's pages.

Each text of the demo is written once with its translations (`Text`). The French text
goes into the source pages; the others reach the translated pages through
wagtail-localize (`translate_page`), as a translator's PO file would. A text missing in
a language the commune speaks stops the demo (`MissingTranslation`) rather than
publishing French words on a German or Dutch page.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from wagtail.models import Page
from wagtail_localize.strings import StringValue

from .services import Commune, MissingTranslation, translate_page_into

SOURCE_LANGUAGE = "fr"


@dataclass(frozen=True)
class Text:
    fr: str
    en: str
    de: str = ""
    nl: str = ""

    def in_language(self, language: str) -> str:
        """This text in `language`; an empty French text has nothing to translate."""
        value = getattr(self, language, "") if language.isidentifier() else ""
        if self.fr and not value:
            raise MissingTranslation(f"No {language} translation for: {self.fr!r}")
        return value


NO_TEXT = Text("", "")  # an optional text left empty: nothing to translate


def _as_segment(text: str) -> str:
    """A plain text as wagtail-localize writes it in a PO file (line breaks as <br/>)."""
    return StringValue.from_plaintext(text).data


def translations(texts: Iterable[Text], language: str) -> dict[str, str]:
    """The strings of a page for `translate_page`: French source → text in `language`,
    as the PO file of wagtail-localize holds them.

    The same French string translated two ways on one page would leave one of them
    wrong: it is refused.
    """
    strings: dict[str, str] = {}
    for text in texts:
        if not text.fr:
            continue
        source, value = _as_segment(text.fr), _as_segment(text.in_language(language))
        if strings.setdefault(source, value) != value:
            raise ValueError(
                f"{text.fr!r} is translated into {language} both as "
                f"{strings[source]!r} and as {value!r}."
            )
    return strings


def target_languages(commune: Commune) -> list[str]:
    """The commune's languages other than its source language, in the site's order."""
    source = commune.home.locale.language_code
    if source != SOURCE_LANGUAGE:
        raise ValueError(f"Demo texts are written from French, not {source!r}.")
    return [
        code for code, _name in settings.LANGUAGES if code in commune.home_pages and code != source
    ]


def translate_into(page: Page, texts: Iterable[Text], languages: Iterable[str]) -> None:
    """Translate `page` into each of `languages` with `texts`, and publish each translation."""
    texts = list(texts)
    translate_page_into(
        page=page, strings={language: translations(texts, language) for language in languages}
    )
