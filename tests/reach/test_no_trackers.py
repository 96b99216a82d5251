"""Sharing loads nothing from the networks: no script, frame, image or font from another
host on any page, and a Content-Security-Policy that would refuse them anyway."""

import re

import pytest

from tests.security.html import csp_directives, offences

from .conftest import BELVAL, path_of, sub

pytestmark = pytest.mark.django_db

# Attributes a browser loads from without the visitor doing anything.
LOADING = re.compile(r'<(\w+)[^>]*?\s(src|srcset|data|poster)="([^"]*)"', re.I)
NETWORKS = ("facebook", "twitter", "x.com", "linkedin", "wa.me", "whatsapp")


def pages(place) -> dict[str, str]:
    return {
        "home": "/fr/",
        "consultation": path_of(place.consultation),
        "consultation, English": path_of(place.consultation_en),
        "proposal": sub(place.consultation, "proposal", place.proposal.pk),
        "proposals": sub(place.consultation, "proposals"),
        "budget": path_of(place.budget),
        "projects": path_of(place.index),
        "project": path_of(place.project),
        "standard page": path_of(place.standard),
        "poster": sub(place.consultation, "poster"),
        "budget poster": sub(place.budget, "poster"),
        "project poster": sub(place.project, "poster"),
    }


def off_site(url: str) -> bool:
    return url.startswith(("//", "http:", "https:")) and not url.startswith(
        ("http://belval.localhost/", "//belval.localhost/")
    )


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "citizen"])
def test_no_page_loads_anything_from_another_host(client, place, citizen, signed_in):
    if signed_in:
        client.force_login(citizen)
    for name, url in pages(place).items():
        response = client.get(url, **BELVAL)
        assert response.status_code == 200, name
        found = offences(response.text)
        assert found.foreign_scripts == [], name
        assert found.inline_scripts == [], name
        assert found.handlers == [], name
        assert "<iframe" not in response.text, name
        loaded = [value for _tag, _attr, value in LOADING.findall(response.text)]
        assert [value for value in loaded if off_site(value)] == [], name
        # The networks appear in links to follow, nowhere else.
        for network in NETWORKS:
            for value in loaded:
                assert network not in value, (name, value)


def test_the_policy_names_no_other_host_for_scripts(client, place):
    for name, url in pages(place).items():
        response = client.get(url, **BELVAL)
        policy = csp_directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], name
        assert policy["connect-src"] == ["'self'"], name
        assert not any(
            network in source
            for sources in policy.values()
            for source in sources
            for network in NETWORKS
        ), name


def test_the_sharing_script_is_our_own_static_file(client, place):
    html = client.get(path_of(place.consultation), **BELVAL).text
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/static/js/share.js" in scripts
    assert all(script.startswith("/static/js/") for script in scripts), scripts
    script = client.get("/static/js/share.js")
    assert script.status_code == 200
    body = b"".join(script.streaming_content) if script.streaming else script.content
    assert b"http" not in body  # fetches nothing, from nowhere
