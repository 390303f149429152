"""Every page a demo user can reach by following links renders without a server error.

Loads the full demo (the four seed plans, results, progress, a report draft) and walks the links
each persona sees, breadth first, a bounded number of pages per persona.
"""

import re
from collections import Counter, deque

import pytest
from django.core.management import call_command
from django.test import Client

from chiso.orgs.demo import DEMO_PASSWORD

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/api/", "/quan-tri-he-thong/", "/dang-xuat/", "/dang-nhap/")
PAGES_PER_PERSONA = 120
PER_SHAPE = 2  # /don-vi/12/ and /don-vi/13/ are the same page shape: visit two of each


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(client: Client, start: str = "/") -> dict[str, int]:
    seen, queue, statuses, shapes = {start}, deque([start]), {}, Counter()
    while queue and len(statuses) < PAGES_PER_PERSONA:
        path = queue.popleft()
        shapes[shape(path)] += 1
        if shapes[shape(path)] > PER_SHAPE:
            continue
        response = client.get(path)
        statuses[path] = response.status_code
        location = response.get("Location", "") if response.status_code in (301, 302) else ""
        if location.startswith("/") and location not in seen:  # e.g. a leader's home → dashboard
            seen.add(location)
            queue.append(location)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    return statuses


@pytest.mark.django_db
def test_demo_pages_render_for_every_persona():
    call_command("demo", verbosity=0)
    failures = {}
    for username in ["admin", "noivu", "lanhdao", "tuphap", "vpubnd"]:
        client = Client()
        assert client.login(username=username, password=DEMO_PASSWORD)
        statuses = crawl(client)
        assert len(statuses) > 10, f"{username} reached too few pages"
        failures.update({f"{username} {p}": s for p, s in statuses.items() if s >= 500})
    assert failures == {}
