"""Who may do what. One helper per role family; views and services ask these, nothing else.

A view returns 404 for what the user may not see (no hint that it exists) and 403 only for
what they see but may not change.
"""

from functools import cache, wraps

from django.core.exceptions import PermissionDenied


class NotAllowed(PermissionDenied):
    """Raised by services when the actor may not make the change."""


def hr_institution_ids(user) -> set[int]:
    """The institutions whose HR unit (NJMBNJ) the user belongs to."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = getattr(user, "_hr_institution_ids", None)
    if cache is None:
        from vacancies.models import StaffRole

        cache = set(user.institution_roles.filter(role=StaffRole.HR).values_list("institution_id", flat=True))
        user._hr_institution_ids = cache
    return cache


def hr_users(institution_id: int):
    """The active members of the institution's HR unit, in a stable order: who receives HR's messages."""
    from django.contrib.auth import get_user_model

    from vacancies.models import StaffRole

    return (
        get_user_model()
        .objects.filter(
            institution_roles__institution_id=institution_id,
            institution_roles__role=StaffRole.HR,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def is_hr(user) -> bool:
    return bool(hr_institution_ids(user))


def is_hr_of(user, institution_id: int) -> bool:
    return institution_id in hr_institution_ids(user)


def require_hr_of(user, institution_id: int) -> None:
    if not is_hr_of(user, institution_id):
        raise NotAllowed("Only the HR unit of the institution may do this.")


def hr_required(view):
    """Views for HR users of at least one institution; others get 404, as if nothing were there."""
    from django.http import Http404

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_hr(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- Second factor (allauth MFA) ------------------------------------------------------------------
# Who must prove a second factor before reaching any candidate's data. The built-in rule covers
# Django staff, superusers and anyone acting for an institution (HR, leader); other apps add
# their people (committees: members) with register_second_factor_rule() in AppConfig.ready().
# recruitment.middleware.SecondFactorRequiredMiddleware enforces it on every request.
_second_factor_rules: list = []


def register_second_factor_rule(rule):
    """Add ``rule(user) -> bool`` (True: this user must use a second factor). Usable as a decorator;
    registering the same callable twice has no further effect."""
    if rule not in _second_factor_rules:
        _second_factor_rules.append(rule)
    return rule


def requires_second_factor(user) -> bool:
    """True for an active, signed-in user who is staff, a superuser, institution staff, or matched
    by a registered rule."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if _load_roles(user):
        return True
    return any(rule(user) for rule in _second_factor_rules)


# A row of _load_roles' UNION that is a committee seat, not an institution role (no StaffRole has this value).
_SEAT = "committee-seat"


def _load_roles(user) -> bool:
    """Whether the user acts for an institution, read now (never from a cache), in one query that also
    reads their active committee seats. As a side effect it fills the per-request caches of
    hr_institution_ids and member_committee_ids when they are empty, so the committee rule and the HR
    checks of the same request need no query of their own. The middleware asks this on every request
    of a signed-in user: one round trip instead of three for an applicant."""
    from django.db import connection

    from committees.models import SeatStatus
    from vacancies.models import StaffRole

    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(connection.vendor), [user.pk, _SEAT, user.pk, SeatStatus.ACTIVE])
        rows = cursor.fetchall()
    if getattr(user, "_hr_institution_ids", None) is None:
        user._hr_institution_ids = {ref for kind, ref in rows if kind == StaffRole.HR}
    if getattr(user, "_member_committee_ids", None) is None:
        user._member_committee_ids = {ref for kind, ref in rows if kind == _SEAT}
    return any(kind != _SEAT for kind, _ref in rows)


@cache
def _roles_sql(vendor: str) -> str:
    """(role, institution) of each institution role, then (_SEAT, committee) of each active seat. Plain SQL
    built from the models' tables and columns: the ORM's UNION took longer to compile than the round trip."""
    from django.db import connection

    from committees.models import PoolMember, Seat
    from vacancies.models import InstitutionStaff

    qn = connection.ops.quote_name
    staff, seat, member = InstitutionStaff._meta, Seat._meta, PoolMember._meta

    def col(meta, field):
        return qn(meta.get_field(field).column)

    return (
        f"SELECT {col(staff, 'role')}, {col(staff, 'institution')} FROM {qn(staff.db_table)} "
        f"WHERE {col(staff, 'user')} = %s "
        f"UNION ALL SELECT %s, s.{col(seat, 'committee')} FROM {qn(seat.db_table)} s "
        f"INNER JOIN {qn(member.db_table)} m ON m.{qn(member.pk.column)} = s.{col(seat, 'member')} "
        f"WHERE m.{col(member, 'user')} = %s AND s.{col(seat, 'status')} = %s"
    )


# --- Leaders, committee members and observers (committees app, R-13 … R-16) ------------------------


def is_leader_of(user, institution_id: int) -> bool:
    """The institution's highest administrative leader (R-15.6 appoints management committees)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from vacancies.models import StaffRole

    return user.institution_roles.filter(role=StaffRole.LEADER, institution_id=institution_id).exists()


def require_leader_of(user, institution_id: int) -> None:
    if not is_leader_of(user, institution_id):
        raise NotAllowed("Only the highest administrative leader of the institution may do this.")


def member_committee_ids(user) -> set[int]:
    """The committees on which the user holds a seat now (a replaced member no longer does)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = getattr(user, "_member_committee_ids", None)
    if cache is None:
        from committees.models import Seat, SeatStatus

        cache = set(
            Seat.objects.filter(member__user=user, status=SeatStatus.ACTIVE).values_list(
                "committee_id", flat=True
            )
        )
        user._member_committee_ids = cache
    return cache


def is_committee_member(user) -> bool:
    return bool(member_committee_ids(user))


def committee_member_required(view):
    """Views for people sitting on at least one committee; others get 404. Pair with @login_required."""
    from django.http import Http404

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_committee_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def observer_of(user):
    """The user's observer registration (R-16), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    from committees.models import Observer

    return Observer.objects.filter(user=user).first()


def is_observer(user) -> bool:
    """A registered observer who accepted the data-protection duty (R-16.2)."""
    observer = observer_of(user)
    return observer is not None and observer.data_protection_accepted_at is not None


def is_observer_of(user, committee_id: int) -> bool:
    """An observer who gave prior notice for this committee's evaluation (R-16.3) and whom HR accepted
    (R-16.1): a notice alone opens nothing, or any account could watch any evaluation."""
    observer = observer_of(user)
    return (
        observer is not None
        and observer.data_protection_accepted_at is not None
        and observer.notices.filter(
            committee_id=committee_id, accepted_at__isnull=False, refused_at__isnull=True
        ).exists()
    )


def observer_required(view):
    """Views for registered observers who accepted the data-protection duty; others get 404."""
    from django.http import Http404

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_observer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
