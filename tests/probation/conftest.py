"""An appointee who reported to work, built directly (the appointment is appointments' to test)."""

import datetime as dt

import pytest

from probation.services import probation_start
from tests.helpers.probation import ACT, at, make_appointment


@pytest.fixture
def appointment(institution, hr_officer):
    return make_appointment(institution, hr_officer)


@pytest.fixture
def probation(appointment):
    return probation_start(appointment=appointment, now=at(ACT + dt.timedelta(days=3)))
