"""Surveys on PostgreSQL: the public submit path under load, and the results page of a round
with 100,000 answers.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/chiso_bench_surveys \
        python bench/bench_surveys.py

1. Starts the production server (`chiso serve --processes <cores> --threads 8`, waitress) on
   BENCH_PORT (8108) and posts answers to POST /api/v1/public/surveys/{code}/responses from 16
   keep-alive clients; reports answers/s and p50/p95/p99 latency, then counts the rows stored
   (none may be lost).
   As in production behind nginx, the server trusts 127.0.0.1 as its proxy (`--trusted-proxy`)
   and each answer carries its citizen's address in X-Forwarded-For (one address per answer);
   the per-address rate limit stays on at its default, so its query is part of what is measured.
2. Renders the results page (items, criteria, parts, overall, a breakdown, weakest items) of a
   round holding 100,000 answers of the SIPAS-shaped form, as an admin: time and query count,
   and the time as a multiple of the profile page's (issue 17's budget: 5×). The round's sums
   are kept and the answers stored since a view are added to them, so each view is timed twice:
   again with nothing new, and right after an answer is stored. BENCH_RUNS sets the number of
   timed requests per view (5).

Targets (issue 13): ≥ 300 answers/s with p99 ≤ 200 ms; results page < 1 s, bounded queries.
The database is created if missing and reused; the 100,000 answers are generated once.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/chiso_bench_surveys"
)
PORT = int(os.environ.get("BENCH_PORT", "8108"))
CLIENTS, THREADS = 16, 8
PROCESSES = int(os.environ.get("BENCH_PROCESSES", os.cpu_count() or 1))
WARMUP, SUBMITS = 200, 4000
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # timed requests per results page
RESULT_ANSWERS = 100_000
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.setdefault("CHISO_VAR_DIR", str(ROOT / "var" / "bench"))


def ensure_database() -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(DATABASE_URL)
    admin = dict(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres")
    with psycopg.connect(**admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if found.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def setup() -> None:
    import django

    ensure_database()
    Path(os.environ["CHISO_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command

    from chiso.frameworks.loader import load_shipped_frameworks
    from chiso.orgs.demo import load_demo_orgs
    from chiso.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.exists():
        load_demo_orgs()
    load_shipped_frameworks()


def open_round(code: str):
    from datetime import timedelta

    from django.utils import timezone

    from chiso.orgs.models import OrgUnit
    from chiso.surveys import services
    from chiso.surveys.models import RoundStatus, SurveyRound
    from chiso.surveys.shipped import SIPAS_CODE, load_shipped

    found = SurveyRound.objects.filter(code=code).first()
    if found:
        return found
    today = timezone.localdate()
    survey = services.round_create(
        questionnaire=load_shipped()[SIPAS_CODE],
        unit=OrgUnit.objects.filter(unit_type="commune").order_by("pk").first(),
        name=f"Đo hiệu năng {code}",
        starts_on=today - timedelta(days=400),
        ends_on=today + timedelta(days=30),
        code=code,
    )
    return services.round_set_status(survey=survey, status=RoundStatus.OPEN)


def random_answers(items, rng: random.Random) -> dict:
    used = rng.random() < 0.7
    out = {"A1": int(used)}
    for item in items:
        applies = not item.show_if or used
        if item.kind == "sat5" and applies:
            out[item.code] = rng.choices(range(1, 6), weights=[3, 7, 15, 45, 30])[0]
        elif item.kind == "scale4" and rng.random() < 0.7:
            out[item.code] = rng.randint(1, 4)
    return out


# --- 1. submit path ---------------------------------------------------------------------------


def start_server() -> subprocess.Popen:
    env = dict(os.environ, LOG_LEVEL="WARNING")
    env.pop("SURVEY_RATE_LIMIT", None)
    cmd = [str(ROOT / ".venv" / "bin" / "chiso"), "serve", "--host", "127.0.0.1"]
    cmd += ["--port", str(PORT), "--threads", str(THREADS), "--processes", str(PROCESSES)]
    cmd += ["--trusted-proxy", "127.0.0.1", "--no-scheduler"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):  # up to 2 minutes: a loaded machine starts the server slowly
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/api/v1/public/surveys/khong-co")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("Máy chủ không khởi động được: " + server.stderr.read().decode()[-2000:])


def hammer(code: str, bodies: list[bytes]) -> tuple[list[float], dict[int, int], float]:
    path = f"/api/v1/public/surveys/{code}/responses"
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    queue = list(reversed(bodies))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while True:
            with lock:
                if not queue:
                    break
                n = len(queue)
                body = queue.pop()
            address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"  # one citizen per answer
            headers = {"Content-Type": "application/json", "X-Forwarded-For": address}
            start = time.perf_counter()
            conn.request("POST", path, body, headers)
            response = conn.getresponse()
            response.read()
            took = time.perf_counter() - start
            with lock:
                latencies.append(took)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, time.perf_counter() - start


def bench_submit() -> bool:
    from chiso.surveys.models import Response
    from chiso.surveys.submissions import items_of

    survey = open_round(f"bench-submit-{int(time.time())}")
    items = items_of(survey)
    rng = random.Random(1)
    bodies = [
        json.dumps({"answers": random_answers(items, rng)}).encode()
        for _ in range(WARMUP + SUBMITS)
    ]
    server = start_server()
    try:
        hammer(survey.code, bodies[:WARMUP])
        latencies, statuses, elapsed = hammer(survey.code, bodies[WARMUP:])
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:  # waitress still finishing connections: stop it
            server.kill()
            server.wait()
    stored = Response.objects.filter(round=survey).count()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    rate = len(latencies) / elapsed
    created = statuses.get(201, 0)
    print(
        f"Gửi phiếu (API công khai, {CLIENTS} kết nối, waitress {PROCESSES} tiến trình × "
        f"{THREADS} luồng): "
        f"{len(latencies)} yêu cầu trong {elapsed:.1f} s = {rate:.0f} phiếu/s; "
        f"p50 {p(0.50):.1f} ms, p95 {p(0.95):.1f} ms, p99 {p(0.99):.1f} ms; mã trả về {statuses}"
    )
    print(
        f"  Phiếu đã lưu: {stored} (khởi động {WARMUP} + đo {created}); mất: "
        f"{WARMUP + SUBMITS - stored}"
    )
    ok = rate >= 300 and p(0.99) <= 200 and stored == WARMUP + SUBMITS and created == SUBMITS
    print(f"  Mục tiêu ≥ 300 phiếu/s, p99 ≤ 200 ms, không mất phiếu: {'ĐẠT' if ok else 'CHƯA ĐẠT'}")
    return ok


# --- 2. results page --------------------------------------------------------------------------


def fill(survey, count: int, *, quiet: bool = False) -> None:
    from datetime import datetime, timedelta

    from django.utils import timezone

    from chiso.surveys.models import Mode, Response
    from chiso.surveys.submissions import _columns, items_of

    have = Response.objects.filter(round=survey).count()
    if have >= count:
        return
    items = items_of(survey)
    rng = random.Random(2)
    now = timezone.now()
    modes = [Mode.ONLINE, Mode.PAPER, Mode.COUNTER, Mode.IMPORT]
    start = time.perf_counter()
    batch = []
    for i in range(count - have):
        answers = random_answers(items, rng)
        when = now - timedelta(days=rng.randint(0, 360))
        batch.append(
            Response(
                round=survey,
                unit=survey.unit,
                village=f"Thôn {rng.randint(1, 12)}",
                mode=rng.choice(modes),
                submitted_at=when,
                month=timezone.localtime(when).date().replace(day=1),
                answers=answers,
                **_columns(items, answers),
            )
        )
        if len(batch) == 5000 or i == count - have - 1:
            Response.objects.bulk_create(batch)
            batch = []
    if not quiet:
        print(f"  Đã sinh {count - have} phiếu trong {time.perf_counter() - start:.0f} s")
    del datetime


def bench_results() -> bool:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chiso.surveys.models import Response

    survey = open_round("bench-results")
    fill(survey, RESULT_ANSWERS)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load in production
        cursor.execute("VACUUM ANALYZE surveys_response")
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)

    def timed(url: str, *, new_answer: bool = False) -> tuple[float, int]:
        """Median seconds of RUNS requests and the query count; with `new_answer` each request
        follows an answer stored (added to the round's kept sums)."""
        client.get(url)
        times = []
        for _ in range(RUNS):
            if new_answer:
                fill(survey, Response.objects.filter(round=survey).count() + 1, quiet=True)
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        return statistics.median(times), len(queries)

    profile, _ = timed("/tai-khoan/")
    print(f"Trang hồ sơ (mốc so sánh của issue 17): {profile * 1000:.1f} ms")
    ok = True
    for view in ("", "?theo=month", "?theo=village"):
        url = f"/khao-sat/dot/{survey.pk}/ket-qua/{view}"
        for new_answer in (False, True):
            median, count = timed(url, new_answer=new_answer)
            passed = median < 1 and count <= 30
            ok &= passed
            ratio = median / profile
            print(
                f"Trang kết quả {view or '(theo xã)'}"
                f"{', ngay sau một phiếu mới' if new_answer else ''}: {RESULT_ANSWERS} phiếu, "
                f"trung vị {median * 1000:.0f} ms ({ratio:.1f}× trang hồ sơ"
                f"{'' if round(ratio, 1) <= 5 else ', vượt 5×'}), {count} truy vấn — "
                f"{'ĐẠT' if passed else 'CHƯA ĐẠT'}"
            )
    return ok


def main() -> None:
    setup()
    ok = bench_submit()
    ok &= bench_results()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
