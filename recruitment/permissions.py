"""Who may do what. One helper per role family; views and services ask these, nothing else.

A view returns 404 for what the user may not see (no hint that it exists) and 403 only for
what they see but may not change.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import Http404


class NotAllowed(PermissionDenied):
    """Raised by services when the actor may not make the change."""


# --- The roles' tables are read by the apps that own them -------------------------------------------------
# recruitment imports no app (.importlinter): the HR and leader roles live in vacancies (InstitutionStaff),
# the committee seats and observers in committees. Each app registers its readers in AppConfig.ready()
# (vacancies/roles.py, committees/roles.py); the helpers below ask them.
_role_loaders: dict[str, Callable[..., Any]] = {}


def register_role_loader(name: str, loader: Callable[..., Any]) -> None:
    """Registers the reader ``name`` ("hr_institution_ids", "hr_users", "is_leader_of",
    "member_committee_ids", "observer_of"); registering again replaces it (``ready()`` may run twice in
    tests)."""
    _role_loaders[name] = loader


def _loader(name: str) -> Callable[..., Any]:
    try:
        return _role_loaders[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No role loader {name!r}: is the app that owns the role installed?"
        ) from None


@dataclass(frozen=True)
class RoleRows:
    """One app's part of the one query that reads a signed-in user's roles on every request (_load_roles).

    ``sql(connection)`` is a SELECT of (kind, ref) rows for one user, ``params(user)`` its parameters; each
    kind in ``caches`` fills the named per-request cache on the user with the set of its refs;
    ``institution_role``: a row of this part means the user acts for an institution (a second factor is
    required); ``models``: the models whose rows the SELECT reads (a save or delete of one of them makes the
    roles read before it stale, see requires_second_factor)."""

    sql: Callable[[Any], str]
    params: Callable[[Any], list]
    caches: dict[str, str]
    institution_role: bool
    models: tuple = ()


_role_rows: list[RoleRows] = []
_role_sql_by_vendor: dict[str, str] = {}

# How many times a role row was saved or deleted in this process (the RoleRows' models' post_save and
# post_delete). An answer of _load_roles is kept on the user with the count it was read at, and reused by
# requires_second_factor(reuse=True) only while the count has not moved: a service that changes roles
# (the admin's InstitutionStaff form, a committee's draw) makes the next audit event read them again. A write
# in another process while a request runs is as if it had come after the request (as a write a moment later).
_role_writes = [0]


def _role_written(**_kwargs) -> None:
    _role_writes[0] += 1


def register_role_rows(part: RoleRows) -> None:
    """Adds an app's part of the roles query once (by its SQL builder: ``ready()`` may run twice in tests)."""
    for model in part.models:
        for signal in (post_save, post_delete):
            signal.connect(_role_written, sender=model, dispatch_uid=f"roles-written-{model._meta.label}")
    if all(known.sql is not part.sql for known in _role_rows):
        _role_rows.append(part)
        _role_sql_by_vendor.clear()


def hr_institution_ids(user) -> set[int]:
    """The institutions whose HR unit (NJMBNJ) the user belongs to."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = getattr(user, "_hr_institution_ids", None)
    if cache is None:
        load_roles(user)  # the one roles query fills every role cache of the request (the menu's too)
        cache = getattr(user, "_hr_institution_ids", None)
    if cache is None:
        cache = _loader("hr_institution_ids")(user)
        user._hr_institution_ids = cache
    return cache


def hr_users(institution_id: int):
    """The active members of the institution's HR unit, in a stable order: who receives HR's messages."""
    return _loader("hr_users")(institution_id)


def is_hr(user) -> bool:
    return bool(hr_institution_ids(user))


def is_hr_of(user, institution_id: int) -> bool:
    return institution_id in hr_institution_ids(user)


def require_hr_of(user, institution_id: int) -> None:
    if not is_hr_of(user, institution_id):
        raise NotAllowed("Only the HR unit of the institution may do this.")


def hr_required(view):
    """Views for HR users of at least one institution; others get 404, as if nothing were there."""

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


def requires_second_factor(user, *, reuse: bool = False) -> bool:
    """True for an active, signed-in user who is staff, a superuser, institution staff, or matched
    by a registered rule.

    The institution roles are read now, unless ``reuse`` and this user object holds an answer read since the
    last write of a role row in this process (the audit of a change: the middleware read them at the start of
    the request, issue 13's upload read them twice)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    known = getattr(user, _INSTITUTION_ROLE, None) if reuse else None
    in_institution = known[0] if known is not None and known[1] == _role_writes[0] else _load_roles(user)
    if in_institution:
        return True
    return any(rule(user) for rule in _second_factor_rules)


# The per-request cache of _load_roles' answer: (acts for an institution, _role_writes when it was read).
_INSTITUTION_ROLE = "_acts_for_institution"


def load_roles(user) -> None:
    """Fills every per-request role cache of the user (HR institutions, committee seats, observer
    registration) in the one roles query, unless they are all filled already (the middleware's query of this
    request filled them): the navigation's role checks then cost no query of their own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return
    if any(
        getattr(user, attribute, None) is None for part in _role_rows for attribute in part.caches.values()
    ):
        _load_roles(user)


def _load_roles(user) -> bool:
    """Whether the user acts for an institution, read now (never from a cache; the answer is kept for
    requires_second_factor(reuse=True)), in one query that also
    reads their active committee seats (the UNION ALL of the registered RoleRows: vacancies' institution
    roles, committees' seats). As a side effect it fills the per-request caches of hr_institution_ids and
    member_committee_ids when they are empty, so the committee rule and the HR checks of the same request need
    no query of their own. The middleware asks this on every request of a signed-in user: one round trip
    instead of three for an applicant."""
    if not _role_rows:
        return False
    writes = _role_writes[0]  # before the query: a write during it makes the answer stale, never fresh
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(), [param for part in _role_rows for param in part.params(user)])
        rows = cursor.fetchall()
    not_institution = {kind for part in _role_rows if not part.institution_role for kind in part.caches}
    for part in _role_rows:
        for kind, attribute in part.caches.items():
            if getattr(user, attribute, None) is None:
                setattr(user, attribute, {ref for row_kind, ref in rows if row_kind == kind})
    in_institution = any(kind not in not_institution for kind, _ref in rows)
    setattr(user, _INSTITUTION_ROLE, (in_institution, writes))
    return in_institution


def _roles_sql() -> str:
    """The registered parts' SELECTs in one UNION ALL, built once per database vendor. Plain SQL built from
    the models' tables and columns: the ORM's UNION took longer to compile than the round trip."""
    sql = _role_sql_by_vendor.get(connection.vendor)
    if sql is None:
        sql = _role_sql_by_vendor[connection.vendor] = " UNION ALL ".join(
            part.sql(connection) for part in _role_rows
        )
    return sql


# --- Leaders, committee members and observers (committees app, R-13 … R-16) ------------------------


def is_leader_of(user, institution_id: int) -> bool:
    """The institution's highest administrative leader (R-15.6 appoints management committees)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _loader("is_leader_of")(user, institution_id)


def require_leader_of(user, institution_id: int) -> None:
    if not is_leader_of(user, institution_id):
        raise NotAllowed("Only the highest administrative leader of the institution may do this.")


def member_committee_ids(user) -> set[int]:
    """The committees on which the user holds a seat now (a replaced member no longer does)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cache = getattr(user, "_member_committee_ids", None)
    if cache is None:
        load_roles(user)  # the one roles query fills every role cache of the request (the menu's too)
        cache = getattr(user, "_member_committee_ids", None)
    if cache is None:
        cache = _loader("member_committee_ids")(user)
        user._member_committee_ids = cache
    return cache


def is_committee_member(user) -> bool:
    return bool(member_committee_ids(user))


def committee_member_required(view):
    """Views for people sitting on at least one committee; others get 404. Pair with @login_required."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_committee_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# The per-request cache of the user's observer registrations, filled by the roles query (committees
# registers its part).
OBSERVER_CACHE = "_observer_ids"


def is_registered_observer(user) -> bool:
    """Whether the user registered as an observer (R-16), accepted or not: the navigation's link. From the
    roles query's cache when load_roles filled it, else read now."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cache = getattr(user, OBSERVER_CACHE, None)
    if cache is None:
        return observer_of(user) is not None
    return bool(cache)


def observer_of(user):
    """The user's observer registration (R-16), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return _loader("observer_of")(user)


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

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_observer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
