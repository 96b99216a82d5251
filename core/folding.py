"""Text normalisation shared by search, highlighting and duplicate detection.

French first: accents and ligatures are folded ("École" and "ecole", "cœur" and
"coeur" compare equal), words are lower-cased, the little words of a language
("de", "la", "the"…) can be dropped, and plural forms share one key ("jardins"
and "jardin", "journaux" and "journal"). Pure functions, no database.
"""

import re
import unicodedata
from functools import lru_cache

# Letters and digits; apostrophes, hyphens, underscores and punctuation separate words.
WORD = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters that Unicode does not decompose but French readers treat as two.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOP_WORDS = {
    "fr": _word_set(
        """a afin apres au aussi autour autre autres aux avant avec bien c ca ce ceci cela
        ces cet cette chaque chez comme contre d dans de depuis derriere des devant du
        durant elle elles en encore entre est et etre eux il ils j je l la le les leur
        leurs lors lui m ma mais me meme mes mieux moi moins mon n ne nos notre nous on
        ou par parmi pas pendant peu plus pour pres qu quelques que qui quoi s sa se selon
        ses si son sont sous sur t ta te tes toi ton tous tout toute toutes tres tu un une
        vers vos votre vous y"""
    ),
    "en": _word_set(
        """a an and are as at be by for from i in into is it its more my of on or our
        that the these this those to we with you your"""
    ),
    "de": _word_set(
        """am an auf aus bei das dem den der des die ein eine einem einen einer eines er
        es fur ich im in ist mehr mit nicht oder sie sind und von vom wir zu zum zur"""
    ),
    "nl": _word_set(
        """aan bij dat de deze die dit een en het ik in is je meer met naar niet of om op
        te u uit van voor we wij zijn"""
    ),
}


def stop_words(*languages: str) -> frozenset[str]:
    """The little words of the given languages (folded), e.g. stop_words("fr", "en")."""
    words = frozenset()
    for language in languages:
        words |= STOP_WORDS.get((language or "")[:2], frozenset())
    return words


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, without accents, ligatures spelt out: "Œuvre d'Été" -> "oeuvre d'ete"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return _COMBINING.sub("", decomposed).casefold()


def stem(word: str) -> str:
    """A light French plural folding of a folded word, the same on both sides of a comparison.

    "jardins" -> "jardin", "bancs" -> "banc", "journaux" -> "journal", "bateaux" ->
    "bateau", "jeux" -> "jeu". Deliberately small: it never turns two singular
    words into one key, except the rare pair that only differs by a final s or x.
    """
    if len(word) > 4 and word.endswith("aux"):
        return word[:-1] if word.endswith("eaux") else word[:-3] + "al"
    if len(word) >= 4 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The words of a text, as written (case and accents kept)."""
    return WORD.findall(text)


def keys(text: str, *, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Comparison keys of a text's words (folded, stemmed), without the `ignore`d words."""
    result = []
    for word in WORD.findall(fold(text)):
        if word not in ignore:
            result.append(stem(word))
    return result


def inflections(word: str) -> set[str]:
    """Singular and plural spellings a French word may take in a text ("jardin" -> "jardins")."""
    forms = set()
    if len(word) >= 4 and word[-1] in "sx" and not word.endswith("ss"):
        forms.add(word[:-1])
    if len(word) > 4 and word.endswith("aux"):
        forms.update((word[:-3] + "al", word[:-3] + "ail"))
    if word[-1:] not in ("s", "x", "z"):
        forms.add(word + "s")
        if word.endswith(("au", "eu", "ou")):
            forms.add(word + "x")
        if word.endswith("al"):
            forms.add(word[:-2] + "aux")
        elif word.endswith("ail"):
            forms.add(word[:-3] + "aux")
    return forms


def spellings(word: str, *, limit: int = 10) -> list[str]:
    """The spellings to look for in a search index so that one word finds its variants.

    The word as typed (lower-cased), without accents, with its ligatures both
    spelt out and joined ("coeur" and "cœur"), and its singular and plural forms.
    Indexes that fold accents themselves (SQLite FTS5, our PostgreSQL and
    OpenSearch configurations) match the folded forms; the ones that do not still
    match the word as typed.
    """
    lowered = word.casefold()
    folded = fold(word)
    forms = [lowered, folded]
    for form in (lowered, folded):
        forms.extend(sorted(inflections(form)))
    for form in list(forms):
        if "oe" in form:
            forms.append(form.replace("oe", "œ"))
        if "ae" in form:
            forms.append(form.replace("ae", "æ"))
    unique = list(dict.fromkeys(form for form in forms if form))
    return unique[:limit]
