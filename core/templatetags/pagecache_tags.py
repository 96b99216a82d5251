"""``{% shared_fragment %}``: a part of a page that is the same for everyone who sees it.

    {% load pagecache_tags %}
    {% shared_fragment cache_version "comments" proposal.pk can_comment.allowed %}
        … comments, reply forms with {% csrf_token %} …
    {% endshared_fragment %}

The first argument is the version from ``core.pagecache.fragment_version`` (which
holds the language and the generations the fragment depends on; empty: caching is
off and the fragment is always rendered); the others name the fragment and what
it varies on. Whatever is personal must either stay outside the fragment or be
one of the values it varies on. ``{% csrf_token %}`` inside a fragment is cached
as a placeholder and replaced by the viewer's own token at each request.
"""

import hashlib

from django import template

from core import pagecache

register = template.Library()

CSRF_PLACEHOLDER = "agora-csrf-placeholder-4f1c9b"


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, version, name, vary_on):
        self.nodelist = nodelist
        self.version = version
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        version = self.version.resolve(context)
        if not version:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        vary = ":".join(str(value.resolve(context)) for value in self.vary_on)
        digest = hashlib.md5(vary.encode(), usedforsecurity=False).hexdigest()
        key = f"fragment:{name}:{version}:{digest}"
        cache = pagecache._cache()
        html = cache.get(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            cache.set(key, html, pagecache.timeout())
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
        return html


@register.tag
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            "'shared_fragment' takes a version, a name and optional values to vary on."
        )
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    version, name, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return SharedFragmentNode(nodelist, version, name, vary_on)
