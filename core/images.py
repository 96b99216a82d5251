"""Image rendition specs shared by templates and the queries that prefetch them.

They must match the filter specs of the `{% image %}` tags, so that renditions are
prefetched rather than looked up one by one.
"""

CARD_RENDITION = "fill-480x270"  # proposal, project and ballot cards
# A page's picture as networks show it when the page is shared (Open Graph, 1.91:1).
SHARING_RENDITION = "fill-1200x630"
