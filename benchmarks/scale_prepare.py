"""The Django side of bench_pages.py, run in the benchmark's settings.

    scale_prepare.py targets OUT.json STATIC_DIR   # URLs, and static files of the same sizes
    scale_prepare.py voters N SESSIONS_FILE          # N citizens signed in, with a ballot each
    scale_prepare.py ballots                         # ballots on the open budget (prints a number)

`targets` finds the pages to measure in the scale data (first scale commune), renders
each once to learn its size (which also fills the page cache) and writes a file of
exactly that size under STATIC_DIR, for whitenoise to serve as the ceiling.
`voters` creates accounts and their sessions directly in the database (no log-in
round trips, no rate limit), with a CSRF secret each, and writes one line per voter:
session key, CSRF secret, and the POST body of a valid ballot.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from urllib.parse import urlsplit

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Site  # noqa: E402

from accounts.models import User  # noqa: E402
from budget.models import Ballot, BudgetPage  # noqa: E402
from budget.queries import ballot_projects  # noqa: E402
from consultations.models import ConsultationPage  # noqa: E402

HOST = "echelle1.localhost"


def _scene():
    site = Site.objects.get(hostname=HOST)
    roots = [site.root_page.path]
    consultation = ConsultationPage.objects.get(
        path__startswith=roots[0], locale__language_code="fr"
    )
    budgets = BudgetPage.objects.filter(path__startswith=roots[0], locale__language_code="fr")
    open_budget = budgets.get(slug="budget-participatif-2026")
    closed_budget = budgets.get(slug="budget-participatif-2025")
    return site, consultation, open_budget, closed_budget


def _path(page) -> str:
    return urlsplit(page.url).path  # with several sites, Wagtail gives full URLs


def targets(out: Path, static_dir: Path) -> None:
    site, consultation, open_budget, closed_budget = _scene()
    busy = consultation.proposals.order_by("-comment_count").first()
    proposals = _path(consultation) + "proposals/"
    pages = {
        "home": _path(site.root_page.localized),
        "proposal list": proposals + "?sort=supports",
        "proposal detail": f"{proposals}{busy.pk}/",
        "vote page": _path(open_budget) + "vote/",
        "results": _path(closed_budget) + "results/",
        "search": "/fr/search/?q=quartier",
    }
    uncached = {
        "proposal list (recent)": proposals,
        "proposal list (category, page 3)": proposals + f"?category={busy.category_id}&page=3",
    }
    static_dir.mkdir(parents=True, exist_ok=True)
    client = Client()
    found = {}
    for name, url in {**pages, **uncached}.items():
        response = client.get(url, HTTP_HOST=HOST)
        assert response.status_code == 200, (url, response.status_code)
        entry = {"url": url, "bytes": len(response.content)}
        if name in pages:
            file = static_dir / (name.replace(" ", "-") + ".html")
            filler = (b"<!-- static ceiling -->\n" * (len(response.content) // 24 + 1))[
                : len(response.content)
            ]
            file.write_bytes(filler)
            entry["static"] = settings.STATIC_URL + "bench/" + file.name
        found[name] = entry
    out.write_text(
        json.dumps(
            {
                "host": HOST,
                "pages": {k: v for k, v in found.items() if k in pages},
                "uncached": {k: v for k, v in found.items() if k in uncached},
                "vote": _path(open_budget) + "vote/",
                "comments on the detail page": busy.comment_count,
            },
            indent=2,
        )
    )


def voters(count: int, sessions_file: Path) -> None:
    _site, _consultation, open_budget, _closed = _scene()
    projects = [proposal.pk for proposal in ballot_projects(open_budget)]
    most = open_budget.max_choices or 5
    rng = random.Random(count)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench-{stamp}-{n}@example.org",
                display_name=f"Votant·e {n}",
                password=password,
                email_confirmed_at=timezone.now(),
                birth_year=1980,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    backend = settings.AUTHENTICATION_BACKENDS[0]
    expiry = timezone.now() + timezone.timedelta(days=1)
    store = SessionStore()
    sessions, lines = [], []
    for user in users:
        key = store._get_new_session_key()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expiry)
        )
        secret = _get_new_csrf_string()
        chosen = rng.sample(projects, rng.randint(1, most))
        body = f"csrfmiddlewaretoken={secret}&" + "&".join(f"projects={pk}" for pk in chosen)
        lines.append(f"{key}\t{secret}\t{body}")
    Session.objects.bulk_create(sessions, batch_size=2000)
    sessions_file.write_text("\n".join(lines) + "\n")


def ballots() -> None:
    _site, _consultation, open_budget, _closed = _scene()
    print(Ballot.objects.filter(page_id=open_budget.pk).count())


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "targets":
        targets(Path(sys.argv[2]), Path(sys.argv[3]))
    elif command == "voters":
        voters(int(sys.argv[2]), Path(sys.argv[3]))
    elif command == "ballots":
        ballots()
    else:
        raise SystemExit(f"unknown command {command}")
