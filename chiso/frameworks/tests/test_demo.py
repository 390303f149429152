from decimal import Decimal

from chiso.frameworks.demo import load_demo
from chiso.frameworks.models import BenchmarkProvince, BenchmarkResult, Framework, Result, Target


def test_demo_loads_four_indices_for_dong_nai_and_is_idempotent(province):
    load_demo()
    counts = (Framework.objects.count(), Result.objects.count(), Target.objects.count())
    load_demo()
    assert (Framework.objects.count(), Result.objects.count(), Target.objects.count()) == counts
    codes = set(Result.objects.filter(unit=province).values_list("framework__code", flat=True))
    assert codes == {"PAR_INDEX_PROVINCE", "SIPAS", "PAPI", "PCI"}
    pci = Result.objects.get(unit=province, framework__code="PCI", component__code="PCI.6")
    assert (pci.year, pci.score) == (2023, Decimal("5.44"))
    assert Target.objects.get(framework__code="PAPI", component__code="PAPI.D1").value == Decimal(
        "6.9"
    )


def test_demo_loads_papi_reference_with_the_2025_merger(province):
    load_demo()
    assert BenchmarkResult.objects.filter(component__isnull=True).count() == 869
    old = BenchmarkProvince.objects.get(name="Bình Phước")
    assert old.merged_into.name == "Đồng Nai" and old.merged_into.active_to is None
    assert BenchmarkProvince.objects.filter(active_to__isnull=True).count() == 34
    assert BenchmarkProvince.objects.filter(active_to__isnull=False).count() == 63
