from io import StringIO

from django.core.management import call_command

from chiso.surveys.models import Response, RoundStatus, SurveyRound


def test_demo_opens_a_sipas_round_with_public_code_demo(db, client):
    call_command("demo", stdout=StringIO())
    survey = SurveyRound.objects.get(code="demo")
    assert survey.status == RoundStatus.OPEN and survey.unit.unit_type == "commune"
    assert 200 <= Response.objects.filter(round=survey).count() <= 500
    items = client.get("/api/v1/public/surveys/demo").json()["items"]
    required = [i for i in items if i["required"]]
    assert required and all(i["scale_min"] is not None for i in required)
    call_command("demo", stdout=StringIO())
    assert SurveyRound.objects.filter(code="demo").count() == 1
