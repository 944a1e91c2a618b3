"""A published draw is checked from its public JSON alone: by the standalone script, run with the
plain system Python and no site-packages, and by ``manage.py verify_draw``."""

import json
import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from committees import services
from committees.models import ReplacementReason
from tests.committees.factories import PoolMemberFactory
from tests.helpers.committees import COMMITMENT, SECRET, drawn

pytestmark = pytest.mark.django_db

SCRIPT = Path(settings.BASE_DIR) / "tools" / "verify_draw.py"


def _published(client, draw) -> dict:
    response = client.get(reverse("committees:draw_json", args=[draw.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _system_python(record: dict, tmp_path) -> subprocess.CompletedProcess:
    """Run the script as a citizen would: `/usr/bin/env python3`, outside the project's virtualenv,
    isolated (-I) and without site-packages (-S), so only the standard library is there."""
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    venv_bin = str(Path(settings.BASE_DIR) / ".venv" / "bin")
    env = {
        "PATH": os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p != venv_bin),
        "HOME": os.environ.get("HOME", "/tmp"),
    }
    return subprocess.run(
        ["/usr/bin/env", "python3", "-I", "-S", str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_script_verifies_a_published_draw_with_the_system_python(client, committee, hr_officer, tmp_path):
    record = _published(client, drawn(committee, hr_officer))
    run = _system_python(record, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "VERIFIED" in run.stdout
    for entry in record["result"]:
        assert entry["name"] in run.stdout


@pytest.mark.parametrize(
    "tamper, problem",
    [
        (lambda r: r.update(seed="0" * 64), "seed"),
        (lambda r: r["snapshot"]["pool"][0].update(category="higher_management"), "snapshot"),
        (
            lambda r: r["snapshot"]["excluded"].append(
                {"member": r["result"][0]["member"], "reason": "unavailable"}
            ),
            "snapshot",
        ),
        (lambda r: r.update(secret="another secret"), "commitment"),
        (lambda r: r["result"].reverse(), "published committee"),
    ],
)
def test_the_script_rejects_a_draw_whose_pool_seed_or_result_was_changed(
    client, committee, hr_officer, tmp_path, tamper, problem
):
    record = _published(client, drawn(committee, hr_officer))
    tamper(record)
    run = _system_python(record, tmp_path)
    assert run.returncode == 1
    assert "NOT VERIFIED" in run.stdout and problem in run.stdout


def test_a_pool_changed_and_rehashed_still_fails_on_the_seed(client, committee, hr_officer, tmp_path):
    # Whoever rewrites the pool and its hash changes the seed, which no longer matches the published one.
    from committees import rules

    record = _published(client, drawn(committee, hr_officer))
    record["snapshot"]["pool"].pop()
    record["snapshot_hash"] = rules.snapshot_hash(record["snapshot"])
    run = _system_python(record, tmp_path)
    assert run.returncode == 1 and "seed" in run.stdout


def test_the_script_verifies_a_replacement_draw(
    client, drawn_committee, hr_officer, pool, it_field, tmp_path
):
    from committees import rules

    PoolMemberFactory(pool=pool, category=rules.LOWER_MANAGEMENT, fields=[it_field])
    seat = drawn_committee.seats.get(seat_key="R-13.2.1", slot=1)
    draw = services.seat_replacement_announce(
        seat=seat, reason=ReplacementReason.ABSENCE, commitment=COMMITMENT, actor=hr_officer
    )
    draw = services.draw_perform(draw=draw, secret=SECRET, actor=hr_officer)
    record = _published(client, draw)
    assert record["replaces"] == {"seat": "R-13.2.1", "slot": 1, "member": str(seat.member_id)}
    run = _system_python(record, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_script_says_an_announced_draw_has_not_taken_place(client, committee, hr_officer, tmp_path):
    draw = services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    run = _system_python(_published(client, draw), tmp_path)
    assert run.returncode == 1 and "not taken place" in run.stdout


def test_the_script_refuses_unreadable_input(tmp_path):
    path = tmp_path / "draw.json"
    path.write_text("{not json", encoding="utf-8")
    run = subprocess.run(
        ["/usr/bin/env", "python3", "-I", "-S", str(SCRIPT), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2


def test_manage_py_verify_draw_checks_a_draw_by_id_and_by_file(client, committee, hr_officer, tmp_path):
    draw = drawn(committee, hr_officer)
    out = StringIO()
    call_command("verify_draw", str(draw.pk), stdout=out)
    assert "VERIFIED" in out.getvalue()
    record = _published(client, draw)
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    call_command("verify_draw", str(path), stdout=StringIO())
    record["seed"] = "0" * 64
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(CommandError, match="seed"):
        call_command("verify_draw", str(path), stdout=StringIO())
