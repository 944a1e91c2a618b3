"""The beat tasks run twice: each probation or mandate is started once and each reminder written once."""

from mandates.tasks import run_mandate_clocks
from notifications.models import Message
from probation.tasks import run_probation_clocks
from tests.helpers.probation import make_appointment


def test_the_probation_beat_run_twice_starts_once_and_reminds_once(appointment, hr_officer):
    first = run_probation_clocks()
    assert first["started"] == 1 and first["reminded"] >= 1
    assert run_probation_clocks() == {"started": 0, "reminded": 0}
    assert Message.objects.filter(kind="probation.started").count() == 1


def test_the_mandate_beat_run_twice_records_once(institution, hr_officer):
    make_appointment(institution, hr_officer, category="lower_management", reference="KQZ 90/2026")
    assert run_mandate_clocks()["started"] == 1
    assert run_mandate_clocks() == {"started": 0, "reminded": 0}
    assert Message.objects.filter(kind="mandate.started").count() == 1
