import pytest

STRONG_PASSWORD = "Velo-cargo-sous-la-pluie-42"


@pytest.fixture
def signup_data(belval):
    """A valid sign-up form for Belval; tests override one field at a time."""

    def make(**overrides):
        data = {
            "email": "anne@example.org",
            "display_name": "Anne du quartier",
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            "residence": str(belval.site.pk),
            "birth_year": "1985",
            "accept_terms": "on",
            "captcha_0": "some-key",
            "captcha_1": "PASSED",  # CAPTCHA_TEST_MODE
            "website": "",
        }
        data.update(overrides)
        return data

    return make
