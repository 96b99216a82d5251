CAPTCHA_OK = {"captcha_0": "any", "captcha_1": "PASSED"}
HOST = {"HTTP_HOST": "belval.localhost"}


def sub(page, name, *args):
    """URL of a participation page's sub-route."""
    return page.url + page.reverse_subpage(name, args=args or None)
