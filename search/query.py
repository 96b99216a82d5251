"""From what a visitor typed to a query every Wagtail search backend accepts.

Nothing the visitor types reaches a backend's query syntax: the text is cut to
200 characters, control characters (NUL included) are dropped, and only words
(letters and digits) and quoted phrases of words survive. Quotes, operators,
brackets, SQL or FTS5 syntax are separators, never syntax. Every word must be
present (AND), in any of its spellings (accents, ligatures, singular/plural:
see `folding.spellings`); a "quoted phrase" must appear as written.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from wagtail.search.query import And, Or, Phrase, PlainText

from core import folding

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_PHRASE = re.compile(r'"([^"]*)"')
_SPACES = re.compile(r"\s+")


def _clean(raw: str) -> str:
    """Drop control and format characters (NUL, bidi overrides…), squeeze spaces."""
    kept = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") else char
        for char in raw
    )
    return _SPACES.sub(" ", kept).strip()


@dataclass(frozen=True)
class SearchInput:
    """A visitor's search, cleaned."""

    text: str = ""  # what is shown back to the visitor and logged
    truncated: bool = False
    words: tuple[str, ...] = ()  # as typed, little words removed
    phrases: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases)

    def backend_query(self, *, match_all: bool = True):
        """The Wagtail search query: every word (in any spelling) and phrase, or any of them."""
        clauses = []
        for word in self.words:
            spellings = [PlainText(spelling) for spelling in folding.spellings(word)]
            clauses.append(spellings[0] if len(spellings) == 1 else Or(spellings))
        clauses.extend(Phrase(" ".join(phrase)) for phrase in self.phrases)
        if not clauses:
            return None
        if len(clauses) == 1:
            return clauses[0]
        return And(clauses) if match_all else Or(clauses)

    @property
    def highlight_keys(self) -> frozenset[str]:
        """Comparison keys of the words to mark in snippets."""
        found = {folding.stem(folding.fold(word)) for word in self.words}
        for phrase in self.phrases:
            found.update(folding.stem(folding.fold(word)) for word in phrase)
        return frozenset(found)

    @property
    def has_several_parts(self) -> bool:
        return len(self.words) + len(self.phrases) > 1


def parse(raw: str | None, *, language: str = "fr") -> SearchInput:
    """Clean a visitor's query. Never fails, whatever the input."""
    cleaned = _clean((raw or "")[: MAX_QUERY_LENGTH * 4])
    truncated = len(cleaned) > MAX_QUERY_LENGTH
    cleaned = cleaned[:MAX_QUERY_LENGTH].strip()

    quoted = cleaned.translate(_QUOTES)
    phrases, typed = [], []
    for match in _PHRASE.finditer(quoted):
        phrase = tuple(folding.words(match.group(1)))
        if len(phrase) > 1:
            phrases.append(phrase)
        else:
            typed.extend(phrase)  # a quoted single word is just a word
    # Outside phrases, a lone quote mark is a separator like any punctuation.
    typed = folding.words(_PHRASE.sub(" ", quoted)) + typed

    ignore = folding.stop_words(language)
    content = [word for word in typed if folding.fold(word) not in ignore]
    if not content and not phrases:
        content = typed  # only little words: look for them all the same
    # One word spelt several ways ("École", "ecoles") is looked for once.
    seen, words = set(), []
    for word in content:
        key = folding.stem(folding.fold(word))
        if key not in seen:
            seen.add(key)
            words.append(word)
    phrases = tuple(phrases[:MAX_WORDS])
    words = tuple(words[: max(MAX_WORDS - len(phrases), 0)])
    return SearchInput(text=cleaned, truncated=truncated, words=words, phrases=phrases)
