"""Several coordinators saving a new version of one questionnaire at the same moment: one new
version is stored whole, the others are told someone saved first."""

import pytest

from chiso.surveys import services
from chiso.surveys.models import Item, Questionnaire
from tests.races import race, writer_count

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_new_versions_store_one(questionnaires):
    q = questionnaires["DANH-GIA-QUAY"]
    data = services.questionnaire_as_data(q)
    count = writer_count()

    def save(i, _loaded):
        services.questionnaire_import(
            data=data | {"title": f"Phiếu đánh giá quý (bản sửa {i})"}, based_on=q.version
        )

    winners, conflicts, errors = race(count, lambda i: None, save)
    assert errors == [] and len(winners) == 1 and len(conflicts) == count - 1
    assert all("lưu phiên bản mới lúc" in m and "tải lại trang" in m for m in conflicts)
    (winner,) = winners
    (new,) = Questionnaire.objects.filter(code=q.code, version__gt=q.version)
    assert new.title == f"Phiếu đánh giá quý (bản sửa {winner})"
    assert Item.objects.filter(questionnaire=new).count() == q.items.count()


def test_a_version_saved_since_the_editor_started_is_not_overwritten(questionnaires):
    q = questionnaires["DANH-GIA-QUAY"]
    data = services.questionnaire_as_data(q)
    services.questionnaire_import(data=data, based_on=q.version)
    with pytest.raises(services.ConflictError):
        services.questionnaire_import(data=data | {"title": "Bản cũ"}, based_on=q.version)
    assert not Questionnaire.objects.filter(title="Bản cũ").exists()
