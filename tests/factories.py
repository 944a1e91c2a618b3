import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from vacancies.models import (
    Announcement,
    AnnouncementStatus,
    Category,
    ContractType,
    Institution,
    InstitutionStaff,
    Position,
    PositionPlace,
    RequiredDocument,
    Requirement,
    RequirementKind,
    RuleSet,
    ScoringScheme,
    StaffRole,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name_sq = factory.Sequence(lambda n: f"Institucioni {n}")
    name_en = factory.Sequence(lambda n: f"Institution {n}")
    short_name = factory.Sequence(lambda n: f"INST{n}")
    country = "XK"
    time_zone = "Europe/Belgrade"
    email = "hr@example.org"
    rule_set = RuleSet.KQZ_01_2024


def _in_days(days, hour=16):
    base = timezone.now().astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    return base + dt.timedelta(days=days)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    institution = factory.SubFactory(InstitutionFactory)
    reference = factory.Sequence(lambda n: f"REF {n}/2026")
    title_sq = factory.Sequence(lambda n: f"Konkurs {n}")
    rule_set = factory.SelfAttribute("institution.rule_set")
    how_to_apply_sq = "Aplikoni në portal."
    notification_method_sq = "Me e-mail."
    contact_email = "hr@example.org"
    published_at = factory.LazyFunction(lambda: _in_days(-1))
    opens_at = factory.LazyFunction(lambda: _in_days(-1))
    closes_at = factory.LazyFunction(lambda: _in_days(20))
    status = AnnouncementStatus.PUBLISHED


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    announcement = factory.SubFactory(AnnouncementFactory)
    code = factory.Sequence(lambda n: f"P-{n}")
    title_sq = factory.Sequence(lambda n: f"Zyrtar {n}")
    title_en = factory.Sequence(lambda n: f"Officer {n}")
    category = Category.PROFESSIONAL
    contract_type = ContractType.INDEFINITE
    number_of_positions = 1
    place_sq = "Prishtinë"
    scoring_scheme = ScoringScheme.KQZ_PROFESSIONAL


class PositionPlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionPlace

    position = factory.SubFactory(PositionFactory)
    place_sq = "Zveçan"
    count = 1


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    position = factory.SubFactory(PositionFactory)
    kind = RequirementKind.EDUCATION
    text_sq = "Diplomë universitare"


class RequiredDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    position = factory.SubFactory(PositionFactory)
    name_sq = "CV"
    required = True


def make_hr(user, institution):
    InstitutionStaff.objects.get_or_create(user=user, institution=institution, role=StaffRole.HR)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def make_publishable(announcement: Announcement) -> Announcement:
    """Fills every item R-9.1 requires, in both official languages (R-8.3), on the draft and its positions, so a
    test of publication meets only the problem it is about."""
    from vacancies.models import RequiredDocument, RequirementKind

    texts = {
        "general_description": "Përshkrim i punës.",
        "formal_requirements": "Diplomë universitare.",
        "competencies": "Njohuri të fushës.",
        "how_to_apply": "Aplikoni në portal.",
        "documents_instructions": "Ngarkoni dokumentet në portal.",
        "evaluation_method": "Test dhe intervistë.",
        "notification_method": "Me e-mail.",
    }
    for key, text in texts.items():
        setattr(announcement, f"{key}_sq", text)
        setattr(announcement, f"{key}_sr_latn", f"[sr] {text}")
    announcement.title_sr_latn = f"[sr] {announcement.title_sq}"
    announcement.save()
    for position in announcement.positions.all():
        position.grade_sq, position.grade_sr_latn, position.coefficient = "Profesionale", "Profesionalna", 7
        for field in ("title", "place", "department", "description"):
            if getattr(position, f"{field}_sq"):
                setattr(position, f"{field}_sr_latn", f"[sr] {getattr(position, f'{field}_sq')}")
        position.save()
        Requirement.objects.create(
            position=position,
            kind=RequirementKind.GENERAL,
            text_sq="Të jetë shtetas i Republikës së Kosovës.",
            text_sr_latn="Da je državljanin Republike Kosovo.",
        )
        RequiredDocument.objects.create(position=position, name_sq="Diploma", name_sr_latn="Diploma")
    return announcement
