"""The public form behind a reverse proxy: every request reaches `chiso serve` from the proxy's
address, so the per-address limit must count each citizen (X-Forwarded-For from the trusted
proxy), not the proxy. Runs the production server as a subprocess on the test database."""

import json
import urllib.error
import urllib.request

import pytest

from chiso.core.tests.test_job_processes import TIMEOUT, _chiso, _finished, _wait_for
from chiso.surveys.models import Response
from chiso.surveys.tests.conftest import full_answers

pytestmark = pytest.mark.django_db(transaction=True)
PORT = 8109


def _post(address: str, level: int) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1/public/surveys/tan-phong/responses",
        data=json.dumps({"answers": full_answers(level)}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": address},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def _up() -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/dang-nhap/", timeout=2).close()
        return True
    except OSError:
        return False


def test_the_rate_limit_counts_each_citizen_behind_the_trusted_proxy(sipas_round):
    server = _chiso(
        "serve", "--port", str(PORT), "--processes", "2", "--no-worker",
        "--trusted-proxy", "127.0.0.1",
        SURVEY_RATE_LIMIT="2",
    )  # fmt: skip
    try:
        _wait_for(_up, "the server")
        first = [_post("10.0.0.1", level) for level in (1, 2, 3)]
        other = _post("10.0.0.2", 4)
        server.terminate()
        _finished(server)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert first == [201, 201, 429]  # the third answer from one citizen's address is refused
    assert other == 201  # another citizen, through the same proxy, is not
    hashes = list(Response.objects.order_by("pk").values_list("ip_hash", flat=True))
    assert len(hashes) == 3 and hashes[0] == hashes[1] != hashes[2]
