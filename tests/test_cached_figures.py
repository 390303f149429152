"""The dashboard's figures and the home counts are read from a cache while nothing changed, and
never shown stale: a write moves the data version in its own transaction. The cache is keyed by
scope, so one user's counts never reach another user's page."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from chiso.core import figures
from chiso.dashboard import selectors
from chiso.frameworks.models import Result
from chiso.orgs.models import OrgUnit
from chiso.tracking import services
from chiso.tracking.home import home_widget
from chiso.tracking.models import Occurrence
from tests.builders import build_indexed_plan


def _overdue_of_tuphap() -> Occurrence:
    return Occurrence.objects.get(unit__name="Sở Tư pháp", completed_on__isnull=True)


def test_dashboard_figures_come_from_the_cache_until_a_write(
    province, persona, django_assert_num_queries
):
    build_indexed_plan(province)
    f = selectors.Filters(unit=province, year=2025, today=timezone.localdate())
    first = selectors.cached_summary(f)
    assert first["status"]["overdue"] == 1
    assert [r["unit"].name for r in first["overdue"]] == ["Sở Tư pháp"]
    with django_assert_num_queries(1):  # the data version only
        again = selectors.cached_summary(f)
    assert again["status"] == first["status"]

    services.occurrence_cancel(
        occurrence=_overdue_of_tuphap(), reason="Không còn phù hợp", by=persona("noivu")
    )
    after = selectors.cached_summary(f)
    assert (after["status"]["overdue"], after["status"]["cancelled"]) == (0, 1)
    assert after["overdue"] == []


def test_a_result_entered_shows_on_the_dashboard_at_once(province, client_as):
    build_indexed_plan(province)
    client = client_as("lanhdao")
    url = reverse("dashboard:index")
    page = client.get(url).content.decode()
    assert "87,00" in page and "88,50" not in page  # PAR INDEX 2023 of the plan document
    row = Result.objects.get(unit=province, component=None, year=2023, score=87)
    row.score = Decimal("88.5")
    row.save()
    page = client.get(url).content.decode()
    assert "88,50" in page


def test_home_counts_are_per_user_and_follow_writes(province, persona, client_as):
    build_indexed_plan(province)
    tuphap, vpubnd = persona("tuphap"), persona("vpubnd")
    assert home_widget(tuphap)["officer_tasks_summary"]["overdue"] == 1
    # another officer, read after: her own unit's counts, not the cached ones of Sở Tư pháp
    assert home_widget(vpubnd)["officer_tasks_summary"]["overdue"] == 0
    assert home_widget(tuphap)["officer_tasks_summary"]["overdue"] == 1

    services.occurrence_cancel(
        occurrence=_overdue_of_tuphap(), reason="Không còn phù hợp", by=persona("noivu")
    )
    assert home_widget(tuphap)["officer_tasks_summary"]["overdue"] == 0
    assert client_as("tuphap").get(reverse("home")).status_code == 200


def test_a_unit_moved_in_the_tree_changes_the_version(province):
    before = figures.data_version()
    unit = OrgUnit.objects.get(name="Sở Tư pháp")
    unit.save()
    assert figures.data_version() > before


def test_completion_rates_are_cached_per_scope_and_follow_writes(
    province, persona, client_as, django_assert_max_num_queries
):
    build_indexed_plan(province)
    tuphap = OrgUnit.objects.get(name="Sở Tư pháp")
    units = OrgUnit.objects.filter(pk=tuphap.pk)
    today = timezone.localdate()
    from chiso.tracking.selectors import unit_completion_rates

    first = unit_completion_rates(units, today)
    assert first[0]["overdue"] == 1
    with django_assert_max_num_queries(2):  # the units and the data version, no sum
        assert unit_completion_rates(units, today)[0]["overdue"] == 1
    services.occurrence_cancel(
        occurrence=_overdue_of_tuphap(), reason="Không còn phù hợp", by=persona("noivu")
    )
    assert unit_completion_rates(units, today)[0]["overdue"] == 0
    page = client_as("noivu").get(reverse("tracking:rates")).content.decode()
    row = next(r for r in page.split("<tr>") if "Sở Tư pháp" in r)
    cells = [cell.rsplit(">", 1)[-1] for cell in row.split("</td>")[:8]]
    assert cells[5] == "0"  # "Quá hạn chưa hoàn thành" of Sở Tư pháp, after the cancellation


def test_a_figure_that_names_its_scopes_is_kept_through_writes_elsewhere(province):
    """A figure kept under the versions of the modules it reads is computed again after their
    writes (by signal or by a bulk write naming them, or one naming nothing), never after a
    write to another module; a module whose writes are not watched cannot be read."""
    import pytest

    computed = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    def read() -> int:
        return figures.cached("scoped-test", (), compute, reads=("dossiers", "orgs"))

    assert read() == 1 and read() == 1
    figures.bump(labels=["tracking"])  # a task report's roll-ups
    assert read() == 1
    figures.bump(labels=["dossiers"])  # an import
    assert read() == 2
    OrgUnit.objects.get(name="Sở Tư pháp").save()  # the org tree, by signal
    assert read() == 3
    figures.bump()  # a bulk write that names nothing moves every scope
    assert read() == 4
    with pytest.raises(ValueError):
        figures.cached("scoped-test", (), compute, reads=("nothing_watched",))
