"""Unsubscribe links that work without logging in.

A token carries the follower's user id and the (source-language) page they
follow, signed with the site's SECRET_KEY under a salt of its own. Changing
either id breaks the signature, so a link received by one person cannot be
turned into a link that unsubscribes someone else. Tokens do not expire: an
e-mail read months later must still let its reader stop the e-mails.
"""

from django.core import signing

# Named when follows belonged to the projects app; unchanged, so that the links of
# e-mails already sent keep working.
SALT = "agora.projects.unsubscribe"


class InvalidUnsubscribeToken(Exception):
    """The link is damaged, forged, or made for another page."""


def make_unsubscribe_token(*, user_id: int, page_id: int) -> str:
    return signing.dumps({"u": user_id, "p": page_id}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """The (user id, page id) the token was made for; raises InvalidUnsubscribeToken."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature as exc:
        raise InvalidUnsubscribeToken() from exc
    if not isinstance(payload, dict):
        raise InvalidUnsubscribeToken()
    user_id, page_id = payload.get("u"), payload.get("p")
    if not isinstance(user_id, int) or not isinstance(page_id, int):
        raise InvalidUnsubscribeToken()
    return user_id, page_id
