"""Factories of the committees app, and the pure snapshot helpers of the rules' tests."""

import datetime as dt
import hashlib

import factory
from django.utils import timezone

from committees import rules
from committees.models import Field, MemberPool, PoolMember
from tests.factories import InstitutionFactory, UserFactory

# --- Pure helpers (no database) --------------------------------------------------------------------------


def member(mid, **attrs) -> dict:
    """A member of a snapshot's pool: a civil servant with no category, field or flag unless told."""
    base = {
        "id": str(mid),
        "civil_servant": True,
        "category": "",
        "fields": [],
        "hr_unit": False,
        "responsible_unit": False,
        "professor": False,
        "trained": True,
    }
    base.update(attrs)
    return base


def manager(mid, field="it", category=rules.MIDDLE_MANAGEMENT, **attrs) -> dict:
    return member(mid, category=category, fields=[field], **attrs)


def snapshot(
    composition,
    pool,
    *,
    category="professional",
    fields=("it",),
    excluded=(),
    require_trained=False,
    seats=None,
) -> dict:
    key, slot = rules.chair_position(composition)
    return {
        "position": {
            "reference": "KQZ REF 1/2026 P-1",
            "category": category,
            "fields": list(fields),
            "require_trained": require_trained,
        },
        "seats": seats if seats is not None else rules.seats_of(composition),
        "pool": list(pool),
        "excluded": [{"member": str(mid), "reason": "unavailable"} for mid in excluded],
        "chair_seat": {"seat": key, "slot": slot},
    }


def seed(n) -> str:
    return hashlib.sha256(f"test-seed-{n}".encode()).hexdigest()


# --- Database factories ---------------------------------------------------------------------------------


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"field-{n}")
    name = factory.LazyAttribute(lambda o: o.code.title())


class MemberPoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberPool

    institution = factory.SubFactory(InstitutionFactory)
    decision_reference = factory.Sequence(lambda n: f"KQZ decision {n}/2026")
    approved_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    valid_until = factory.LazyAttribute(lambda o: rules.pool_valid_until(o.approved_on))


class PoolMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolMember
        skip_postgeneration_save = True

    pool = factory.SubFactory(MemberPoolFactory)
    # No usable password: members sign in in other tests than these, and hashing costs time.
    user = factory.SubFactory(UserFactory, password=None)
    name = factory.Sequence(lambda n: f"Anëtari {n}")
    institution = factory.SelfAttribute("pool.institution")
    is_civil_servant = True
    category = ""
    is_trained = True

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)


def fill_pool_for_professional(pool, field, *, managers=4, hr=2, professionals=2) -> dict:
    """A pool able to fill R-13.2 for a position of ``field``, with a margin for replacements."""
    made = {"managers": [], "hr": [], "professionals": []}
    for _ in range(managers):
        made["managers"].append(
            PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[field])
        )
    for _ in range(hr):
        made["hr"].append(PoolMemberFactory(pool=pool, category=rules.PROFESSIONAL, in_hr_unit=True))
    for _ in range(professionals):
        made["professionals"].append(
            PoolMemberFactory(pool=pool, category=rules.PROFESSIONAL, fields=[field])
        )
    return made
