"""Read-side queries of applications, and the fetches that answer 404 for what a user may not see.

Who sees an application: its applicant; and HR of the position's institution once it was submitted,
or while HR prepares it for the candidate (R-12.1). Nobody else, committee members and observers
included (their access to candidates comes with the committees' work, never through these pages).
"""

import datetime as dt
import functools
from typing import Any

from django.db import connection
from django.db.models import (
    DEFERRED,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
    sql,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from recruitment.lib import compiled, later_steps, outcomes
from recruitment.lib.languages import LANGS
from recruitment.permissions import hr_institution_ids, is_hr_of
from vacancies.models import Announcement, Institution, Position, PositionPlace, RequiredDocument

from . import rules
from .models import (
    ApplicantProfile,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationSubmission,
    LibraryDocument,
)

NOSTRIFICATION_NAME = _("Nostrification of the diploma obtained abroad (R-11.2.1)")
CONSENT_NAME = _("The candidate's written consent to apply on their behalf, signed (R-12.1)")


def i18n_values(obj, field: str) -> dict:
    """A translated field in every language, for a frozen copy that outlives later edits."""
    return {lang: getattr(obj, f"{field}_{lang}", None) or "" for lang in LANGS}


def applications_visible_to(*, user) -> QuerySet:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Application.objects.none()
    cond = Q(applicant=user)
    institutions = hr_institution_ids(user)
    if institutions:
        cond |= Q(position__announcement__institution__in=institutions) & (
            Q(assisted=True) | Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN])
        )
    return Application.objects.filter(cond)


def get_application_for_user(user, pk: int, *, related: bool = True, long_texts: bool = True) -> Application:
    """The application, or 404 when it does not exist or the user may not see it (no hint which).

    ``related=False`` reads the row alone, for the requests that only hand it to a service (which
    locks it and reads what it needs); ``long_texts=False`` leaves out the announcement's and position's long
    texts (_long_texts), for a page that shows none of them."""
    if getattr(user, "is_authenticated", False) and user.is_active and not hr_institution_ids(user):
        # The person's own application (who is not HR sees no other): the query compiled once per process
        # (recruitment.lib.compiled), the same rows; the row alone for ``related=False`` (an upload's or a
        # submission's request: issue 13, compiling it cost more than reading it).
        try:
            pk = int(pk)
        except (ValueError, TypeError) as exc:
            raise Http404 from exc
        if related:
            found = compiled.rows(("own_application", long_texts), _own_application(long_texts), user.pk, pk)
        else:
            found = compiled.rows(("own_application_row",), _own_application_row, user.pk, pk)
        if not found:
            raise Http404
        return found[0]
    qs = applications_visible_to(user=user)
    if related:
        qs = qs.select_related("position__announcement__institution", "place", "applicant", "last_submission")
        if not long_texts:
            qs = qs.defer(*_long_texts())
    else:
        qs = qs.annotate(announcement_pk=F("position__announcement_id"))
    try:
        return qs.get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _own_application_row(user_id: int, pk: int) -> QuerySet:
    """The row of get_application_for_user(related=False) for its applicant: the application alone, with its
    announcement's id (what the services' locks need first)."""
    return Application.objects.filter(applicant_id=user_id, pk=pk).annotate(
        announcement_pk=F("position__announcement_id")
    )


def _own_application(long_texts: bool):
    def build(user_id: int, pk: int) -> QuerySet:
        qs = Application.objects.filter(applicant_id=user_id, pk=pk).select_related(
            "position__announcement__institution", "place", "applicant", "last_submission"
        )
        return qs if long_texts else qs.defer(*_long_texts())

    return build


def may_act_on(application: Application, user) -> bool:
    """Who may change a draft, submit or withdraw: the applicant; for an application HR makes for a
    candidate (R-12.1), HR of the institution too."""
    if not getattr(user, "is_authenticated", False):
        return False
    if application.applicant_id == user.pk:
        return True
    return (
        application.assisted
        and is_hr_of(user, application.position.announcement.institution_id)
        and is_held_for_assisted_application(application)
    )


def is_held_for_assisted_application(application: Application) -> bool:
    """Whether the application's applicant is the held account HR made for this one assisted application
    (R-12.1): never signed in, no password, no other application. HR acts only on such an application, never
    on one that sits on a person's own account (issue 10: the person's profile and data are not HR's)."""
    holder = application.applicant
    return (
        not holder.has_usable_password()
        and holder.last_login is None
        and not holder.is_staff
        and not Application.objects.filter(applicant_id=holder.pk).exclude(pk=application.pk).exists()
    )


def hr_may_fill_in_profile(application: Application, user) -> bool:
    """R-12.1, issue 10: HR fills in a profile only as the assisted application's own copy: the application
    is an assisted draft of HR's institution on the held account made for it (may_act_on), never the profile
    of a person's account."""
    return (
        application.assisted
        and application.status == ApplicationStatus.DRAFT
        and application.applicant_id != getattr(user, "pk", None)
        and may_act_on(application, user)
    )


def get_document_for_user(
    user, application_pk: int, document_pk: int
) -> tuple[Application, ApplicationDocument]:
    application = get_application_for_user(user, application_pk)
    try:
        document = application.documents.get(pk=document_pk)
    except (ApplicationDocument.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return application, document


def get_submission_for_user(user, application_pk: int, number: int | None = None) -> ApplicationSubmission:
    application = get_application_for_user(user, application_pk)
    qs = application.submissions.select_related("application__position__announcement__institution")
    submission = qs.filter(number=number).first() if number else qs.order_by("-number").first()
    if submission is None:
        raise Http404
    return submission


def _long_texts() -> list[str]:
    """The announcement's and the position's long texts in every language (descriptions, duties, how to apply,
    legal basis...): several kilobytes a row that no list of applications shows."""
    return [
        f"position__{prefix}{field.name}"
        for prefix, model in (("announcement__", Announcement), ("", Position))
        for field in model._meta.concrete_fields
        if field.get_internal_type() == "TextField"
    ]


def my_applications(*, user) -> QuerySet:
    """The person's own applications for "My applications", with what each row shows (fixed queries), without
    the announcements' and positions' long texts (_long_texts)."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("position__announcement__institution", "place", "last_submission")
        .defer(*_long_texts())
        .prefetch_related("events")
        .order_by("-updated_at", "-id")
    )


def _translated(path: str) -> list[str]:
    """A translated field and its per-language columns (what modeltranslation's descriptor reads)."""
    return [path, *(f"{path}_{lang}" for lang in LANGS)]


# What a card of "My applications" shows and what its status needs (Position.is_open and deadline, the
# verification's and the later apps' providers: the position's category, the announcement's rule set, the
# institution's time zone), and nothing else: the ORM compiles and reads every column it selects, and a
# position's and announcement's translated texts are a few hundred of them.
CARD_FIELDS = (
    "status",
    "assisted",
    "applicant_id",
    "position_id",
    "place_id",
    "last_submission_id",
    "position__code",
    *_translated("position__title"),
    "position__category",
    "position__extended_until",
    "position__closing_state",
    "position__announcement_id",
    "position__announcement__reference",
    "position__announcement__status",
    "position__announcement__opens_at",
    "position__announcement__closes_at",
    "position__announcement__rule_set",
    "position__announcement__institution_id",
    *_translated("position__announcement__institution__name"),
    "position__announcement__institution__time_zone",
    *_translated("place__place"),
    "last_submission__reference",
    "last_submission__submitted_at",
    "last_submission__withdrawn_at",
)


def my_application_cards(*, user) -> list[Application]:
    """ "My applications" in one query: each application with the columns its card shows (CARD_FIELDS), the
    result told (R-25.4: ``told_result_data``, the latest RESULT_PUBLISHED event's data, or None), whether the
    person has a profile (``has_profile``), and the verification's outcome and the later steps' probes that
    recruitment.lib.outcomes and later_steps read instead of querying (their ``row_annotations()``)."""
    # Compiled once per process (recruitment.lib.compiled): the ORM's compiling of this query cost more than
    # the rest of the page.
    key = ("my_application_cards", outcomes.signature(), later_steps.signature())
    return compiled.rows(key, _my_application_cards, getattr(user, "pk", user))


def _my_application_cards(user_id: int) -> QuerySet:
    from .choices import EventKind

    told = (
        ApplicationEvent.objects.filter(application_id=OuterRef("pk"), kind=EventKind.RESULT_PUBLISHED)
        .order_by("-at", "-id")
        .values("data")[:1]
    )
    annotations: dict[str, Any] = {
        "told_result_data": Subquery(told),
        "has_profile": Exists(ApplicantProfile.objects.filter(user_id=OuterRef("applicant_id"))),
        **outcomes.row_annotations(),
        **later_steps.row_annotations(),
    }
    return (
        Application.objects.filter(applicant_id=user_id)
        .select_related("position__announcement__institution", "place", "last_submission")
        .only(*CARD_FIELDS)
        .annotate(**annotations)
        .order_by("-updated_at", "-id")
    )


# --- "My applications" read as values (issue 13) ----------------------------------------------------------
# The cards' columns as tuples: five model instances per row (the application, its position, announcement,
# institution, place and submission) cost more than writing the card. A card reads its row's attributes
# (CardRow); a provider of the later steps that wants the position gets one built from the same row, only
# for the few applications it is asked about.

_TRANSLATED_BASES = ("position__title", "position__announcement__institution__name", "place__place")
# The times that say whether the position is open (Position.deadline, is_open) matter only to a card not
# submitted: a submitted card's row reads them as NULL (each time read costs the driver's parsing of it, and
# 19 of 20 cards are submitted ones). The CardRow's ``position`` leaves them deferred (read if asked).
_OPEN_TIMES = {
    "card_extended_until": "position__extended_until",
    "card_opens_at": "position__announcement__opens_at",
    "card_closes_at": "position__announcement__closes_at",
}
CARD_COLUMNS = (
    "pk",
    *(f for f in CARD_FIELDS if f not in _TRANSLATED_BASES and f not in _OPEN_TIMES.values()),
)
_POSITION_COLUMNS = (
    "position_id",
    "position__code",
    *(f"position__title_{lang}" for lang in LANGS),
    "position__category",
    "position__closing_state",
    "position__announcement_id",
)
_ANNOUNCEMENT_COLUMNS = (
    "position__announcement_id",
    "position__announcement__reference",
    "position__announcement__status",
    "position__announcement__rule_set",
    "position__announcement__institution_id",
)
_INSTITUTION_COLUMNS = (
    "position__announcement__institution_id",
    *(f"position__announcement__institution__name_{lang}" for lang in LANGS),
    "position__announcement__institution__time_zone",
)
_SUBMISSION_COLUMNS = (
    "last_submission_id",
    "last_submission__reference",
    "last_submission__submitted_at",
    "last_submission__withdrawn_at",
)


def _attribute(column: str) -> str:
    """A column's attribute on a CardRow (position__announcement__reference: announcement_reference)."""
    for prefix, short in (
        ("position__announcement__institution__", "institution_"),
        ("position__announcement__", "announcement_"),
        ("position__", "position_"),
        ("last_submission__", "submission_"),
        ("place__", "place_"),
    ):
        if column.startswith(prefix):
            return short + column[len(prefix) :]
    return column


@functools.cache
def _plan(model, columns: tuple, names: tuple) -> tuple[list[str], list[str | None]]:
    """For each of the model's fields in order, the row's attribute that holds it (None: not read)."""
    attribute = {name: _attribute(column) for name, column in zip(names, columns, strict=True)}
    return list(names), [attribute.get(f.attname) for f in model._meta.concrete_fields]


def _instance(model, row: "CardRow", columns: tuple, names: tuple):
    """A model instance (its fields not read deferred) from a row's columns, as the ORM builds it: the values
    in the order of the model's fields (Model.from_db reads them in that order, whatever ``names`` says)."""
    field_names, plan = _plan(model, columns, names)
    values = row.__dict__
    return model.from_db("default", field_names, [DEFERRED if a is None else values[a] for a in plan])


class CardRow:
    """One application of "My applications": its columns as attributes (``status``, ``position_code``,
    ``position_title_sq``, ``announcement_reference``, ``institution_time_zone``, ``submission_reference``...,
    see _attribute), the annotations of my_application_cards, and what recruitment.lib.outcomes and
    later_steps set. ``position`` and ``last_submission`` are model instances built on first use from the
    same row (a provider of the later steps, the verification's template), not per card."""

    last_submission_id: int | None  # one of the row's columns (the others are read by name, untyped)

    def __init__(self, values: dict):
        self.__dict__ = values

    @functools.cached_property
    def position(self) -> Position:
        institution = _instance(Institution, self, _INSTITUTION_COLUMNS, _INSTITUTION_NAMES)
        announcement = _instance(Announcement, self, _ANNOUNCEMENT_COLUMNS, _ANNOUNCEMENT_NAMES)
        announcement.institution = institution
        position = _instance(Position, self, _POSITION_COLUMNS, _POSITION_NAMES)
        position.announcement = announcement
        return position

    @functools.cached_property
    def last_submission(self) -> ApplicationSubmission | None:
        if self.last_submission_id is None:
            return None
        return _instance(ApplicationSubmission, self, _SUBMISSION_COLUMNS, _SUBMISSION_NAMES)


_POSITION_NAMES = (
    "id",
    "code",
    *(f"title_{lang}" for lang in LANGS),
    "category",
    "closing_state",
    "announcement_id",
)
_ANNOUNCEMENT_NAMES = ("id", "reference", "status", "rule_set", "institution_id")
_SUBMISSION_NAMES = ("id", "reference", "submitted_at", "withdrawn_at")
_INSTITUTION_NAMES = ("id", *(f"name_{lang}" for lang in LANGS), "time_zone")

_card_columns: dict = {}


def my_application_card_rows(*, user) -> list[CardRow]:
    """my_application_cards' applications as CardRows: the same columns and annotations, read as values (the
    query compiled once per process by recruitment.lib.compiled; the key says what changes its SQL)."""
    key = ("my_application_card_rows", outcomes.signature(), later_steps.signature())
    columns = _card_columns.get(key)
    if columns is None:  # the annotations' names, which the registered providers decide
        columns = _card_columns[key] = (
            *CARD_COLUMNS,
            *_my_application_card_values(0).query.annotation_select,
        )
    rows = compiled.tuples(key, _my_application_card_values, getattr(user, "pk", user), columns=columns)
    names = [_attribute(c) for c in columns]
    return [CardRow(dict(zip(names, row, strict=True))) for row in rows]


def _my_application_card_values(user_id: int) -> QuerySet:
    from django.db.models import Case, DateTimeField, Value, When

    queryset = _my_application_cards(user_id).annotate(
        **{
            name: Case(
                When(status=ApplicationStatus.SUBMITTED, then=Value(None)),
                default=F(column),
                output_field=DateTimeField(),
            )
            for name, column in _OPEN_TIMES.items()
        }
    )
    return queryset.values_list(*CARD_COLUMNS, *queryset.query.annotations)


def has_profile(user) -> bool:
    """Whether the person has filled in a profile (one small query)."""
    return ApplicantProfile.objects.filter(user=user).exists()


def profile_for(user) -> ApplicantProfile | None:
    """The profile with every list it holds (six queries); ``user`` is a user or a user id."""
    return (
        ApplicantProfile.objects.filter(user=user)
        .prefetch_related("education", "experience", "languages", "qualifications", "referees")
        .first()
    )


# The profile's lists, in the order the frozen copy lists them (each model's Meta.ordering).
PROFILE_LISTS = ("education", "experience", "languages", "qualifications", "referees")


def profile_with_lists(user_id: int) -> ApplicantProfile | None:
    """profile_for(user_id) in one query instead of six, for the submission's hot path (PostgreSQL; elsewhere
    profile_for itself). The profile row and each list (json_agg, ordered as its model's Meta.ordering) come
    back as JSON and are made into the same model instances, with the lists put where prefetch_related puts
    them: ``profile.education.all()`` etc. then read no more. The ORM's compilation and the prefetch machinery
    of six queries cost more than the submission's other work together."""

    if connection.vendor != "postgresql":
        return profile_for(user_id)
    with connection.cursor() as cursor:
        cursor.execute(_profile_with_lists_sql(), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    profile = _from_json(ApplicantProfile, row[0])
    profile._prefetched_objects_cache = {}
    for name, items in zip(PROFILE_LISTS, row[1:], strict=True):
        relation: Any = ApplicantProfile._meta.get_field(name)
        remote = relation.remote_field  # the child's ForeignKey to the profile
        children = [_from_json(remote.model, item) for item in items]
        for child in children:
            remote.set_cached_value(child, profile)
        qs = getattr(profile, name).get_queryset()
        qs._result_cache, qs._prefetch_done = children, True
        profile._prefetched_objects_cache[relation.cache_name] = qs
    return profile


def _from_json(model, data: dict):
    """A model instance from row_to_json's object: each value through its field's to_python (ISO dates and
    timestamps back to date and datetime), as if read from the database."""
    fields = model._meta.concrete_fields

    return model.from_db(
        connection.alias, [f.attname for f in fields], [f.to_python(data[f.column]) for f in fields]
    )


def _profile_with_lists_sql() -> str:
    qn = connection.ops.quote_name
    meta: Any = ApplicantProfile._meta  # the reverse relations' fields (django-stubs types them as a union)
    lists = []
    for name in PROFILE_LISTS:
        child = meta.get_field(name).related_model._meta
        fk = meta.get_field(name).field.column
        order = ", ".join(
            f"t.{qn(child.get_field(o.lstrip('-')).column)} {'DESC' if o.startswith('-') else 'ASC'}"
            for o in child.ordering
        )
        lists.append(
            f"(SELECT COALESCE(json_agg(t ORDER BY {order}), '[]') FROM {qn(child.db_table)} t "
            f"WHERE t.{qn(fk)} = p.{qn(meta.pk.column)})"
        )
    user_col = qn(ApplicantProfile._meta.get_field("user").column)
    return (
        f"SELECT row_to_json(p), {', '.join(lists)} "
        f"FROM {qn(ApplicantProfile._meta.db_table)} p WHERE p.{user_col} = %s"
    )


def applicant_email(application: Application) -> str:
    """The address an applicant's messages go to: the profile's, else the account's ("" for none: R-12.1, HR
    tells them on paper)."""
    profile = ApplicantProfile.objects.filter(user_id=application.applicant_id).only("email").first()
    return (profile.email if profile and profile.email else "") or application.applicant.email


def applicant_emails(applications) -> dict[int, str]:
    """applicant id -> applicant_email's address, for many applications in one query (their applicant
    selected with them)."""
    applications = list(applications)
    profiles = dict(
        ApplicantProfile.objects.filter(user_id__in={a.applicant_id for a in applications})
        .exclude(email="")
        .values_list("user_id", "email")
    )
    return {a.applicant_id: profiles.get(a.applicant_id) or a.applicant.email for a in applications}


def active_documents(application: Application) -> list[ApplicationDocument]:
    """The documents attached and not removed, oldest first, each knowing its application (as the related
    manager's rows do). The query compiled once (issue 13: a submission read it through the ORM's compiler,
    which took longer than the read)."""
    documents = compiled.rows(("active_documents",), _active_documents, application.pk)
    to_application = ApplicationDocument._meta.get_field("application")
    for document in documents:
        to_application.set_cached_value(document, application)
    return documents


def checklist_for(
    application: Application,
    *,
    profile: ApplicantProfile | None = None,
    institution_country: str | None = None,
) -> list[rules.ChecklistItem]:
    """The application's checklist now: the position's documents, plus nostrification and consent
    when they apply (rules.checklist)."""
    if institution_country is None:
        institution_country = application.position.announcement.institution.country
    # The position's documents as application_page_data prefetched them, else read now.
    documents = getattr(application.position, "_prefetched_objects_cache", {}).get("documents")
    if documents is None:  # read now, the query compiled once
        documents = compiled.rows(("checklist_documents",), _checklist_documents, application.position_id)
    else:
        documents = sorted(documents, key=lambda doc: (doc.order, doc.pk))
    position_documents = [
        rules.ChecklistItem(
            slot=rules.document_slot(doc.pk),
            name=i18n_values(doc, "name"),
            required=doc.required,
            required_document_id=doc.pk,
            notes=i18n_values(doc, "notes"),
        )
        for doc in documents
    ]
    if profile is None:
        profile = profile_for(application.applicant_id)
    foreign = profile is not None and any(
        rules.diploma_is_foreign(diploma_country=e.country, institution_country=institution_country)
        for e in profile.education.all()
    )
    return rules.checklist(
        position_documents=position_documents,
        foreign_diploma=foreign,
        assisted=application.assisted,
        nostrification_name=NOSTRIFICATION_NAME,
        consent_name=CONSENT_NAME,
    )


def checklist_item(application: Application, slot: str, *, institution_id: int) -> rules.ChecklistItem | None:
    """One item of the checklist, or None when the slot is not on it. A position's document is found
    with one small query (the upload's hot path); the other items need the whole checklist."""
    prefix = rules.document_slot("")
    if slot.startswith(prefix):
        try:
            doc_id = int(slot.removeprefix(prefix))
        except ValueError:
            return None
        # order_by("pk"): one row at most, without the default ordering's joins to the position and
        # announcement.
        doc = (
            RequiredDocument.objects.filter(pk=doc_id, position_id=application.position_id)
            .only("id", "required")
            .order_by("pk")
            .first()
        )
        return (
            None
            if doc is None
            else rules.ChecklistItem(slot=slot, name="", required=doc.required, required_document_id=doc.pk)
        )
    country = Institution.objects.filter(pk=institution_id).values_list("country", flat=True).get()
    return next((i for i in checklist_for(application, institution_country=country) if i.slot == slot), None)


def submissions_of(application: Application) -> QuerySet:
    return application.submissions.order_by("-number")


def application_page_data(application: Application) -> dict:
    """Everything the application's page shows, in a fixed number of queries. ``application`` is
    get_application_for_user's (its position, announcement, institution, place and last submission read with
    it): its lists are added to it, the row is not read again."""
    app = application
    if connection.vendor == "postgresql":
        # The same lists as the prefetches below, each query compiled once per process
        # (recruitment.lib.compiled) and put where prefetch_related puts it.
        position = app.position
        _prefetched(
            position, "documents", compiled.rows(("checklist_documents",), _checklist_documents, position.pk)
        )
        _prefetched(position, "places", compiled.rows(("position_places",), _position_places, position.pk))
        _prefetched(app, "events", compiled.rows(("application_events",), _application_events, app.pk))
    else:
        prefetch_related_objects(
            [app],
            "position__documents",
            "position__places",
            Prefetch(
                "events", queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "id")
            ),
        )
    documents = active_documents(app)
    return {
        "application": app,
        "documents": documents,
        # Submitting sets last_submission, which nothing clears: without it there is no submission to read.
        "submissions": list(submissions_of(app)) if app.last_submission_id else [],
        "events": list(app.events.all()),
    }


class _Listed(QuerySet):
    """A relation's rows where prefetch_related leaves them (``instance.<name>.all()`` gives them, ``len``,
    ``bool``, ``count()`` and ``exists()`` read no more), without building the relation's filtered queryset
    for each list (about 0.2 M instructions a list: the filter's lookups and joins resolved on every
    request). A queryset derived from it (``filter``, ``order_by``, ``first``...) is the relation's own,
    filtered on its instance, as from Django's prefetched queryset."""

    def _chain(self):
        manager: Any = getattr(self._owner, self._relation)
        fresh = manager._apply_rel_filters(self.model._default_manager.get_queryset())
        return fresh._chain()


_empty_queries: dict[type, sql.Query] = {}


def _prefetched(instance, name: str, rows: list) -> None:
    """``rows`` as prefetch_related leaves a relation's list: ``instance.<name>.all()`` reads no more."""
    relation: Any = instance._meta.get_field(name)
    remote = relation.remote_field
    for row in rows:
        remote.set_cached_value(row, instance)
    model = relation.related_model
    query = _empty_queries.get(model)
    if query is None:
        query = _empty_queries[model] = sql.Query(model)
    # (the model's empty query shared: a _Listed derives none from it, _chain reads through the relation)
    qs: Any = _Listed(model=model, query=query, using=instance._state.db)
    qs._result_cache, qs._prefetch_done = rows, True
    qs._owner, qs._relation = instance, name
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[relation.cache_name] = qs


def _checklist_documents(position_id: int) -> QuerySet:
    # A position's documents in the model's order (position, order, id) for one position, without the join
    # to the position that the default ordering adds.
    return RequiredDocument.objects.filter(position_id=position_id).order_by("order", "id")


def _position_places(position_id: int) -> QuerySet:
    return PositionPlace.objects.filter(position_id=position_id)


def _application_events(application_id: int) -> QuerySet:
    return (
        ApplicationEvent.objects.filter(application_id=application_id)
        .select_related("actor")
        .order_by("at", "id")
    )


def _active_documents(application_id: int) -> QuerySet:
    return ApplicationDocument.objects.filter(
        application_id=application_id, removed_at__isnull=True
    ).order_by("uploaded_at", "id")


def drafts_to_remind(*, now) -> QuerySet:
    """Drafts whose position is still open and closes within DRAFT_REMINDER_HOURS (its index:
    application_status_position)."""

    horizon = now + dt.timedelta(hours=rules.reminder_hours())
    return (
        Application.objects.alias(
            # The position's effective deadline: its extension, else the announcement's.
            deadline=Coalesce("position__extended_until", "position__announcement__closes_at"),
        )
        .filter(
            status=ApplicationStatus.DRAFT,
            position__announcement__status="published",
            deadline__gt=now,
            deadline__lte=horizon,
        )
        .select_related("applicant", "position__announcement__institution")
        .order_by("id")
    )


def application_states_by_position(*, user) -> dict[int, tuple[int, str]]:
    """The person's applications as {position id: (application id, status)}, for the Apply controls of the
    vacancy pages (one query for a whole list of cards)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        position_id: (pk, status)
        for position_id, pk, status in Application.objects.filter(applicant=user).values_list(
            "position_id", "pk", "status"
        )
    }


def library_of(*, user) -> QuerySet:
    """The person's own document library, newest first."""

    if not getattr(user, "is_authenticated", False):
        return LibraryDocument.objects.none()
    return LibraryDocument.objects.filter(owner=user).order_by("-uploaded_at", "-id")


def own_library(user) -> list[LibraryDocument]:
    """list(library_of(user=user)), the query compiled once per process (recruitment.lib.compiled)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return compiled.rows(("own_library",), _own_library, user.pk)


def _own_library(user_id: int) -> QuerySet:
    return LibraryDocument.objects.filter(owner_id=user_id).order_by("-uploaded_at", "-id")


def get_library_document_for_user(user, pk: int):
    """One file of the person's own library, or 404 (another person's file, or none: no hint which)."""

    try:
        return library_of(user=user).get(pk=pk)
    except (LibraryDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
