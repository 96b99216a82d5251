"""Security headers, and a Content-Security-Policy that our pages actually respect."""

import pytest
from django.urls import reverse

from core.csp import CSP, build_policy

from .conftest import HOST, sub
from .html import csp_directives, offences

pytestmark = pytest.mark.django_db


def key_pages(scene) -> dict[str, str]:
    """The public pages a citizen goes through, by name."""
    return {
        "home": "/fr/",
        "consultation": scene.consultation.url,
        "proposal list": sub(scene.consultation, "proposals"),
        "proposal list, filtered": sub(scene.consultation, "proposals") + "?sort=supports&page=2",
        "proposal detail": sub(scene.consultation, "proposal", scene.proposal.pk),
        "proposal new": sub(scene.consultation, "proposal_new"),
        "proposal edit": sub(scene.consultation, "proposal_edit", scene.proposal.pk),
        "comment form": sub(scene.consultation, "proposal_comments", scene.proposal.pk),
        "report form": sub(scene.consultation, "proposal_report", scene.proposal.pk),
        "questionnaire": scene.questionnaire.url,
        "budget": scene.vote.url,
        "budget vote": sub(scene.vote, "vote"),
        "budget results": sub(scene.results, "results"),
        "search": "/fr/search/?q=place",
        "login": reverse("accounts:login"),
        "signup": reverse("accounts:signup"),
        "password reset": reverse("accounts:password_reset"),
        "profile": reverse("accounts:profile"),
        "not found": "/fr/nowhere/",
    }


SIGNED_OUT = {"login", "signup", "password reset"}


def fetch(client, scene, name, url):
    if name in SIGNED_OUT:
        client.logout()
    else:
        client.force_login(scene.citizen)
    return client.get(url, **HOST)


def test_every_key_page_carries_the_security_headers(client, scene):
    for name, url in key_pages(scene).items():
        response = fetch(client, scene, name, url)
        assert response.status_code in (200, 404), (name, response.status_code)
        assert response["X-Frame-Options"] == "DENY", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name
        policy = csp_directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], name
        assert "'unsafe-inline'" not in policy["style-src"], name
        assert "'unsafe-eval'" not in policy["script-src"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["base-uri"] == ["'self'"], name
        assert policy["default-src"] == ["'self'"], name


def test_no_key_page_has_inline_code_the_policy_would_block(client, scene):
    for name, url in key_pages(scene).items():
        response = fetch(client, scene, name, url)
        policy = csp_directives(response["Content-Security-Policy"])
        nonces = [
            source.removeprefix("'nonce-").removesuffix("'")
            for source in policy["style-src"]
            if source.startswith("'nonce-")
        ]
        found = offences(response.text)
        assert found.for_csp(nonces[0] if nonces else None) == {
            key: [] for key in found.for_csp(None)
        }, name
        # The accent colour's <style> carries this response's nonce, and only it.
        assert found.nonces == set(nonces), name


def test_the_nonce_changes_with_every_response(client, scene):
    first = client.get("/fr/", **HOST)["Content-Security-Policy"]
    second = client.get("/fr/", **HOST)["Content-Security-Policy"]
    assert "'nonce-" in first
    assert first != second


def test_the_ballot_script_is_a_static_file(client, scene):
    client.force_login(scene.citizen)
    html = client.get(sub(scene.vote, "vote"), **HOST).text
    assert '<script src="/static/js/ballot.js" defer></script>' in html


def test_editors_see_the_wagtail_userbar_without_inline_scripts(client, scene, belval_editor):
    client.force_login(belval_editor)
    for url in ("/fr/", scene.consultation.url, sub(scene.consultation, "proposals")):
        response = client.get(url, **HOST)
        assert "wagtail-userbar" in response.text, url
        found = offences(response.text)
        assert found.inline_scripts == [], url
        assert found.handlers == [], url
        assert found.foreign_scripts == [], url


def test_captcha_widget_has_no_inline_code(client, scene):
    html = client.get(reverse("accounts:signup"), **HOST).text
    assert 'class="captcha-image"' in html
    found = offences(html)
    assert found.inline_scripts == []
    assert found.handlers == []
    assert found.style_attributes == []


def test_the_admin_has_a_policy_of_its_own(client, scene, belval_editor):
    client.force_login(belval_editor)
    response = client.get("/admin/")
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy == {
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    assert response["X-Content-Type-Options"] == "nosniff"


def test_machine_readable_files_carry_the_headers_too(client, scene):
    for url in (
        sub(scene.consultation, "proposals_export"),
        sub(scene.results, "results_json"),
        sub(scene.results, "ballots_pb"),
    ):
        response = client.get(url, **HOST)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert "default-src 'self'" in response["Content-Security-Policy"], url


def test_the_error_page_keeps_its_style_under_the_policy(client, scene, settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.security.urls_500"
    broken = Client(raise_request_exception=False)
    response = broken.get("/boom/", **HOST)
    assert response.status_code == 500
    policy = csp_directives(response["Content-Security-Policy"])
    (nonce,) = [s for s in policy["style-src"] if s.startswith("'nonce-")]
    assert f'<style nonce="{nonce[7:-1]}">' in response.text
    assert "Une erreur est survenue" in response.text


def test_a_report_only_policy_can_be_tried_alongside(client, scene, settings):
    settings.SECURE_CSP_REPORT_ONLY = {"default-src": [CSP.NONE], "report-uri": "/csp/"}
    response = client.get("/fr/", **HOST)
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'none'; report-uri /csp/"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_policy_rendering():
    policy = {
        "default-src": [CSP.SELF],
        "style-src": [CSP.SELF, CSP.NONCE, CSP.SELF],
        "upgrade-insecure-requests": True,
        "report-to": None,
    }
    assert build_policy(policy, "abc") == (
        "default-src 'self'; style-src 'self' 'nonce-abc'; upgrade-insecure-requests"
    )
    assert build_policy(policy) == "default-src 'self'; style-src 'self'; upgrade-insecure-requests"


def test_https_responses_carry_hsts_and_secure_cookies_as_in_production(client, scene, settings):
    """The production settings' values (checked by `check --deploy` in
    tests/home/test_deploy_settings.py), seen on a real response."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("accounts:login"), secure=True, **HOST)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.cookies["csrftoken"]["secure"]


def test_production_settings_enforce_the_policy_and_upgrade_requests():
    from tests.home.test_deploy_settings import PRODUCTION_ENV, manage

    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_CSP['upgrade-insecure-requests'], s.SECURE_CSP['script-src'],"
        " s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.X_FRAME_OPTIONS)"
    )
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True [\"'self'\"] 31536000 True DENY"
