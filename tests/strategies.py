"""Hostile input shared by the security tests: classic XSS vectors and Hypothesis
strategies for random and malformed form data.

Every XSS payload carries the marker "xss" so that a test can tell our payload from
code that legitimately sits on a page.
"""

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Bounded and reproducible in CI: each property posts a few dozen examples, the same
# ones every run. HYPOTHESIS_PROFILE=explore searches further, with fresh examples.
_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}
settings.register_profile("agora", max_examples=30, derandomize=True, **_COMMON)
settings.register_profile("explore", max_examples=300, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "agora"))

# Classic vectors, each short enough for a display name (60 characters).
XSS_PAYLOADS = [
    "<script>alert('xss1')</script>",
    "<img src=x onerror=alert('xss2')>",
    '"><svg onload=alert(`xss3`)>',
    "javascript:alert('xss4')",
    "' onmouseover='alert(\"xss5\")' x='",
    "</textarea><script>alert('xss6')</script>",
    '<a href="javascript:alert(1)">xss7</a>',
    "{{ request.user.email }}{% debug %}xss8",
    "<iframe srcdoc='&lt;script&gt;alert(9)&lt;/script&gt;'>xss9",
    "<scr<script>ipt>alert('xss10')</script>",
    "\u202e<b>xss11</b>\u202c\u200b\ufeff",
    "\uff1cscript\uff1ealert('xss12')\uff1c/script\uff1e",
    "&lt;script&gt;alert('xss13')&lt;/script&gt;",
    "<style>*{display:none}</style>xss14",
    "<math><mi xlink:href=javascript:alert(15)>xss15",
]
MARKER = "xss"

# Text as people (and scripts) type it: any Unicode, control characters included.
any_text = st.text(max_size=300)
control_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Co"]),
    max_size=40,
)
hostile_text = st.one_of(
    any_text,
    control_text,
    st.sampled_from(XSS_PAYLOADS),
    st.text(min_size=5_001, max_size=20_000),  # past every field's limit
    st.sampled_from(["", " ", "\x00", "\r\n", "%00", "\U0001d54f" * 50, "é" * 150]),
)
number_text = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=0, max_value=40).map(str),  # ids that may exist
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e9",
            "NaN",
            "inf",
            "\u00b2",
            "\u0661\u0662",
            "0x10",
            "3.5",
            " 7 ",
            "9" * 5000,
        ]
    ),
    any_text,
)


def form_data(fields: dict) -> st.SearchStrategy:
    """A POST body for a form with these fields: each field present or missing, with a
    value from its strategy, and sometimes repeated (a list of values), as a hostile
    client can send them."""
    return st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(strategy, st.lists(strategy, min_size=2, max_size=3))
            for name, strategy in fields.items()
        },
    )
