"""Every UI string is translated: French (the default), German and Dutch.

Strings are collected straight from the code — templates through Django's own
template-to-gettext conversion, Python through its syntax tree — so a string
added without running `make messages` and translating it fails here.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["fr", "de", "nl"]
SKIP_DIRS = {
    ".venv",
    "var",
    "staticfiles",
    "tests",
    "benchmarks",
    "migrations",
    "node_modules",
    "scripts",
}
GETTEXT_FUNCTIONS = {
    "_": "gettext",
    "gettext": "gettext",
    "gettext_lazy": "gettext",
    "ngettext": "ngettext",
    "ngettext_lazy": "ngettext",
    "pgettext": "pgettext",
    "pgettext_lazy": "pgettext",
    "npgettext": "npgettext",
    "npgettext_lazy": "npgettext",
}
# templatize() writes each literal as u'…' or, when it holds an apostrophe, as u"…".
LITERAL = r"""u('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"\b(npgettext|pgettext|ngettext|gettext)\(((?:{LITERAL}(?:, )?)+)")
TEMPLATE_LITERAL = re.compile(LITERAL)


def _project_files(suffix: str):
    for path in ROOT.rglob(f"*{suffix}"):
        relative = path.relative_to(ROOT)
        if not SKIP_DIRS.intersection(relative.parts):
            yield path


def _message(kind: str, literals: list[str]) -> tuple[str | None, str]:
    if kind in ("pgettext", "npgettext"):
        return literals[0], literals[1]
    return None, literals[0]


def template_messages() -> set[tuple[str | None, str]]:
    messages = set()
    for path in _project_files(".html"):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for kind, arguments, _last in TEMPLATE_CALL.findall(code):
            literals = [ast.literal_eval(text) for text in TEMPLATE_LITERAL.findall(arguments)]
            messages.add(_message(kind, literals))
    return messages


def python_messages() -> set[tuple[str | None, str]]:
    messages = set()
    for path in _project_files(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            kind = GETTEXT_FUNCTIONS.get(node.func.id)
            literals = [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            if kind and literals:
                messages.add(_message(kind, literals))
    return messages


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def translated(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in po.translated_entries() if not entry.obsolete}


def test_the_collectors_find_strings():
    found = template_messages()
    assert (None, "Skip to main content") in found
    assert (None, "Results and the commune's feedback") in found  # written u"…" by templatize
    assert (None, "display name") in python_messages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_string_is_translated(language):
    missing = template_messages() - translated(catalogue(language))
    assert not missing, (
        f"Run `make messages` and translate for {language}: {sorted(missing, key=str)}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_python_string_is_translated(language):
    missing = python_messages() - translated(catalogue(language))
    assert not missing, (
        f"Run `make messages` and translate for {language}: {sorted(missing, key=str)}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_fuzzy_or_empty_entries(language):
    po = catalogue(language)
    assert not po.fuzzy_entries()
    assert not po.untranslated_entries()


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural) for entry in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), (
            f"{language}: django.mo is stale for {entry.msgid!r}; run `make messages`."
        )


# Rewordings of other packages' strings (locale_overrides/) --------------------------

OVERRIDES = ROOT / "locale_overrides"
DOMAINS = ["django", "djangojs"]


def _override(language: str, domain: str) -> polib.POFile:
    return polib.pofile(str(OVERRIDES / language / "LC_MESSAGES" / f"{domain}.po"))


def _package_messages(domain: str) -> set[tuple[str | None, str]]:
    import django
    import wagtail
    import wagtail_localize

    messages = set()
    for package in (django, wagtail, wagtail_localize):
        for path in Path(package.__file__).parent.rglob(f"locale/fr/LC_MESSAGES/{domain}.po"):
            messages |= {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path))}
    return messages


@pytest.mark.parametrize("domain", DOMAINS)
def test_overrides_reword_strings_the_packages_still_have(domain):
    """After an upgrade of Django, Wagtail or wagtail-localize, a string they dropped or
    reworded would leave its override doing nothing: this says which."""
    ours = {"static/js/admin-wording.js"}
    known = _package_messages(domain)
    for language in LANGUAGES:
        stale = [
            entry.msgid
            for entry in _override(language, domain)
            if not ours.intersection(path for path, _line in entry.occurrences)
            and (entry.msgctxt, entry.msgid) not in known
        ]
        assert not stale, f"{language}: no package has these strings any more: {stale}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_overrides_match_their_source(language, domain):
    po = _override(language, domain)
    assert not po.fuzzy_entries()
    assert not po.untranslated_entries()
    mo = polib.mofile(str(OVERRIDES / language / "LC_MESSAGES" / f"{domain}.mo"))
    compiled = {(entry.msgctxt, entry.msgid): (entry.msgstr, entry.msgstr_plural) for entry in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), (
            f"{language}: locale_overrides/{domain}.mo is stale for {entry.msgid!r}; "
            "run `make messages`."
        )
