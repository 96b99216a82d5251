"""Reading a page's HTML the way a browser enforcing our CSP would."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# <script type="..."> values a browser never runs: data blocks such as json_script.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
# Browsers drop these before reading a URL's scheme ("java\tscript:" runs).
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Offences:
    inline_scripts: list[str] = field(default_factory=list)
    foreign_scripts: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    script_urls: list[str] = field(default_factory=list)
    style_attributes: list[str] = field(default_factory=list)
    styles_without_nonce: list[str] = field(default_factory=list)
    nonces: set[str] = field(default_factory=set)

    def for_csp(self, nonce: str | None) -> dict:
        """What our policy would block or what would run despite it: all must be empty."""
        styles = [style for style in self.styles_without_nonce if style != nonce]
        return {
            "inline scripts": self.inline_scripts,
            "scripts from other hosts": self.foreign_scripts,
            "event handler attributes": self.handlers,
            "javascript: URLs": self.script_urls,
            "style attributes": self.style_attributes,
            "<style> without the nonce": styles,
        }


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.offences = Offences()
        self._in_inline_script = False
        self._in_style = False
        self._buffer = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.offences.handlers.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.offences.style_attributes.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES and value:
                scheme = _IGNORED_IN_SCHEME.sub("", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.offences.script_urls.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = (attributes.get("type") or "").strip().lower()
            src = attributes.get("src")
            if src:
                if src.startswith(("//", "http:", "https:")) and not src.startswith(
                    (
                        "//testserver/",
                        "http://testserver/",
                        "//belval.localhost/",
                        "http://belval.localhost/",
                    )
                ):
                    self.offences.foreign_scripts.append(src)
            elif kind not in DATA_SCRIPT_TYPES:
                self._in_inline_script = True
                self._buffer = []
        if tag == "style":
            self._in_style = True
            self.offences.styles_without_nonce.append(attributes.get("nonce") or "")
            if attributes.get("nonce"):
                self.offences.nonces.add(attributes["nonce"])

    def handle_data(self, data):
        if self._in_inline_script:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_inline_script:
            self.offences.inline_scripts.append("".join(self._buffer)[:120])
            self._in_inline_script = False
        if tag == "style":
            self._in_style = False


def offences(html: str) -> Offences:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.offences


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives
