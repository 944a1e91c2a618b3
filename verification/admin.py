"""HR's workplace for the preliminary verification (R-18): the closed positions with their counts and the
15 days of R-18.5, each application's review (frozen profile, documents through the protected view,
one row per criterion, the decision), bulk decisions, the exclusion for a false declaration (R-9.3) and
the publication of the shortlist. Only HR of the announcing institution sees and changes any of it
(superusers see it, read-only: the services act for HR only). Every change goes through services.py."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from applications.models import (
    ApplicantProfile,
    Education,
    LanguageSkill,
    Qualification,
    Referee,
    WorkExperience,
)
from notifications.services import notice_run_progress
from recruitment.admin_mixins import HrScopedMixin
from recruitment.collation import AlbanianOrder, albanian_name_order
from recruitment.lib.languages import pick_language
from recruitment.permissions import hr_institution_ids, is_hr_of
from vacancies import admin as vacancies_admin
from vacancies.models import Announcement, Position

from . import closing, review_list, rules, selectors, services
from .forms import ReviewScreenForm
from .models import Check, CheckResult, Decision, Review, VerificationPosition


def _is_hr(request) -> bool:
    return request.user.is_active and bool(hr_institution_ids(request.user))


def _may_see(request) -> bool:
    return request.user.is_active and (request.user.is_superuser or _is_hr(request))


def _report(model_admin, request, call, done_message):
    """Run a service; show its refusal as an error message instead of failing the page."""
    try:
        result = call()
    except ValidationError as exc:
        for message in exc.messages:
            model_admin.message_user(request, message, messages.ERROR)
        return None
    except PermissionDenied as exc:
        model_admin.message_user(request, str(exc) or _("You may not do this."), messages.ERROR)
        return None
    model_admin.message_user(request, done_message(result), messages.SUCCESS)
    return result


class ScopedAdmin(HrScopedMixin, admin.ModelAdmin):
    """Rows of the institutions whose HR unit the user is (vacancies' scoping); unlike there, a superuser
    sees all read-only (the services act for HR only), and nothing is added or deleted here."""

    institution_path = "position__announcement__institution"

    def has_module_permission(self, request):
        return _may_see(request)

    def has_view_permission(self, request, obj=None):
        if not _may_see(request):
            return False
        return obj is None or request.user.is_superuser or is_hr_of(request.user, self._institution_id(obj))

    def has_change_permission(self, request, obj=None):
        if not _is_hr(request):
            return False
        return obj is None or is_hr_of(request.user, self._institution_id(obj))

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the verification is part of the record


# --- Positions ----------------------------------------------------------------------------------------------


@admin.register(VerificationPosition)
class VerificationPositionAdmin(ScopedAdmin):
    institution_path = "announcement__institution"
    # Few, short columns: at a laptop's width the last one (the link to the reviews) must stay in view.
    list_display = (
        "position_label",
        "announcement_reference",
        "closed_on",
        "submitted",
        "undecided",
        "days_left",
        "published",
        "reviews_link",
    )
    search_fields = ("code", "title", "announcement__reference")
    actions = ["open_reviews", "bulk_eligible", "bulk_missing_document", "publish_shortlist"]
    fields = (
        "code",
        "title",
        "announcement_reference",
        "closed_at",
        "submitted",
        "undecided",
        "days_left",
        "published",
        "reviews_link",
    )
    readonly_fields = fields

    class Media:
        css = {"all": ("verification/admin.css",)}

    def get_queryset(self, request):
        # The same scoping as ScopedAdmin, with the counts the list shows: one query, whatever the rows.
        return selectors.positions_to_verify(user=request.user)

    def get_actions(self, request):
        return super().get_actions(request) if _is_hr(request) else {}

    def changelist_view(self, request, extra_context=None):
        # Django's "Select position to verify to change" says nothing of what HR does here.
        return super().changelist_view(
            request, {"title": _("Positions to verify (R-18)"), **(extra_context or {})}
        )

    @admin.display(description=_("position"), ordering="code")
    def position_label(self, obj):
        if not obj.code:
            return obj.title
        return format_html("{}<br><small>{}</small>", obj.code, obj.title)

    @admin.display(description=_("final closing"), ordering="closed_at")
    def closed_on(self, obj):
        if obj.closed_at is None:
            return "—"
        return timezone.localtime(obj.closed_at, obj.announcement.institution.tzinfo).strftime(
            "%d.%m.%Y %H:%M"
        )

    @admin.display(description=_("announcement"), ordering="announcement__reference")
    def announcement_reference(self, obj):
        return obj.announcement.reference

    @admin.display(description=_("submitted"))
    def submitted(self, obj):
        return obj.submitted_count

    @admin.display(description=_("not decided"))
    def undecided(self, obj):
        # Submitted applications without a review yet count as not decided.
        return obj.undecided_count + max(obj.submitted_count - obj.review_count, 0)

    @admin.display(description=_("days left (R-18.5)"))
    def days_left(self, obj):
        if hasattr(obj, "shortlist"):
            return "—"
        if not rules.shortlist_deadline_applies(obj.announcement.rule_set):
            return _("no deadline (historical procedure)")
        left = selectors.position_days_left(obj)
        if left is None:
            return "—"
        if left < 0:
            return format_html('<strong class="late">{}</strong>', _("%(n)s days late") % {"n": -left})
        # The number alone does not say which day is the last one of the 15.
        deadline = rules.shortlist_deadline(obj.closed_at, obj.announcement.institution.tzinfo)
        return format_html(
            '<span class="days-left">{}</span><br><small>{}</small>',
            left,
            _("until %(date)s") % {"date": deadline.strftime("%d.%m.%Y")},
        )

    @admin.display(description=_("shortlist"))
    def published(self, obj):
        shortlist = getattr(obj, "shortlist", None)
        if shortlist is None:
            # The confirmation page says what publishing would do (and what still stands in the way).
            return format_html(
                '{}<br><a href="{}">{}</a>',
                _("not published"),
                reverse("admin:verification_verificationposition_publish", args=[obj.pk]),
                _("Publish…"),
            )
        return format_html(
            '<a href="{}">{}</a>',
            reverse("verification:shortlist", args=[obj.pk]),
            _("published %(when)s")
            % {
                "when": timezone.localtime(
                    shortlist.published_at, obj.announcement.institution.tzinfo
                ).strftime("%d.%m.%Y")
            },
        )

    @admin.display(description=_("reviews"))
    def reviews_link(self, obj):
        url = reverse("admin:verification_review_changelist") + f"?position__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Open the reviews"))

    def _each(self, request, queryset, call, done_message):
        for position in queryset:
            _report(
                self,
                request,
                lambda p=position: call(p),
                lambda result, p=position: f"{p}: {done_message(result)}",
            )

    @admin.action(description=_("Open the verification (one review per submitted application)"))
    def open_reviews(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.reviews_open(position=p, actor=request.user),
            lambda n: _("%(n)s review(s) opened.") % {"n": n},
        )

    @admin.action(description=_("Eligible: every application whose criteria are all checked and met"))
    def bulk_eligible(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.reviews_bulk_eligible(position=p, actor=request.user),
            lambda n: _("%(n)s application(s) declared eligible.") % {"n": n},
        )

    @admin.action(description=_("Not eligible: every application missing a required document"))
    def bulk_missing_document(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.reviews_bulk_missing_document(position=p, actor=request.user),
            lambda n: _("%(n)s application(s) declared not eligible (missing document).") % {"n": n},
        )

    @admin.action(description=_("Publish the shortlist and send the decisions (R-18.4 … R-18.6)"))
    def publish_shortlist(self, request, queryset):
        # Irreversible and sent to every candidate: the action only opens the confirmation page, one position
        # at a time, which says what will happen and to how many people.
        positions = list(queryset[:2])
        if len(positions) != 1:
            self.message_user(request, _("Choose one position to publish its shortlist."), messages.ERROR)
            return None
        return HttpResponseRedirect(
            reverse("admin:verification_verificationposition_publish", args=[positions[0].pk])
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="verification_verificationposition_publish",
            )
        ] + super().get_urls()

    def publish_view(self, request, pk):
        """The confirmation of the publication: the figures it acts on, then one POST carrying the state of
        the decisions those figures were read from. A repeated POST (a double click, the back button)
        publishes nothing twice and sends nothing twice: the service returns the list already published."""
        position = self.get_queryset(request).filter(pk=pk).first()
        if position is None or not _is_hr(request) or not self.has_change_permission(request, position):
            raise Http404
        back = reverse("admin:verification_verificationposition_changelist")
        shortlist = getattr(position, "shortlist", None)
        if request.method == "POST" and shortlist is None:
            try:
                shortlist = services.shortlist_publish(
                    position=position, actor=request.user, expected_state=request.POST.get("state", "")
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in getattr(exc, "messages", [str(exc)]):
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(position)s: the shortlist is published (%(n)s candidate(s)).")
                    % {"position": position, "n": len(shortlist.entries)},
                    messages.SUCCESS,
                )
                # This page again: it shows the candidates' notices being written (issue 13).
                return HttpResponseRedirect(request.path)
        elif request.method == "POST":
            self.message_user(
                request,
                _("%(position)s: the shortlist was already published; nothing was sent again.")
                % {"position": position},
                messages.WARNING,
            )
            return HttpResponseRedirect(back)
        facts = selectors.publication_facts(position)
        return render(
            request,
            "admin/verification/publish_confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "position": position,
                "facts": facts,
                "shortlist": shortlist,
                "notices": shortlist and notice_run_progress(services.shortlist_notices_key(shortlist.pk)),
                "back": back,
                "blocked": bool(facts["undecided"] or facts["not_reviewed"]),
                "title": _("Publish the shortlist of %(position)s") % {"position": position},
            },
        )


# --- Reviews ------------------------------------------------------------------------------------------------


class PositionFilter(admin.SimpleListFilter):
    """The positions the user may verify (a plain list_filter would list every institution's positions)."""

    title = _("position")
    parameter_name = "position__id__exact"

    def lookups(self, request, model_admin):
        return review_list.position_choices(request)

    def queryset(self, request, queryset):
        if self.value():
            try:
                return queryset.filter(position_id=int(self.value()))
            except ValueError:
                return queryset.none()
        return queryset


def _open(review) -> bool:
    """Decisions change until the publication; an excluded candidate's decision never again."""
    return review.decision != Decision.EXCLUDED and not selectors.is_published(review.position_id)


class ReviewChangeList(ChangeList):
    """The reviews' list counts each shown review's criteria (met / all) for the page's rows only, in one
    query after the page is cut: an annotation on the list's queryset made PostgreSQL count the criteria of
    every review of the position (10,000 at a large competition) for the page and again for each of the
    admin's counts."""

    def get_queryset(self, request, exclude_parameters=None):
        # The rows show the position by its code and title: not the position's and its announcement's long
        # texts in every language (tens of kilobytes a row, read through list_select_related).
        return (
            super()
            .get_queryset(request, exclude_parameters)
            .defer(
                *(
                    f"position__{prefix}{field.name}"
                    for prefix, model in (("announcement__", Announcement), ("", Position))
                    for field in model._meta.concrete_fields
                    if field.get_internal_type() == "TextField"
                )
            )
        )

    def get_results(self, request):
        super().get_results(request)
        rows = {review.pk: review for review in self.result_list}
        for review in rows.values():
            review._met = review._checks = 0
        counts = (
            Check.objects.filter(review_id__in=rows)
            .values("review_id")
            .annotate(met=Count("pk", filter=Q(result=CheckResult.MET)), total=Count("pk"))
            .order_by()
        )
        for count in counts:
            rows[count["review_id"]]._met, rows[count["review_id"]]._checks = count["met"], count["total"]


@admin.register(Review)
class ReviewAdmin(ScopedAdmin):
    list_display = (
        "name_shown",
        "reference_shown",
        "position",
        "decision_shown",
        "reason_list",
        "checks_summary",
    )
    list_filter = (PositionFilter, "decision")
    search_fields = ("last_name", "first_name", "reference")
    list_select_related = ("position__announcement",)
    actions = ["bulk_eligible", "bulk_missing_document"]
    # The review screen (change_view) goes back to its position's list itself and reads no preserved filters;
    # carrying them on every row's link made the admin resolve that link's URL once per row (a tenth of the
    # page's instructions at 100 rows).
    preserve_filters = False

    class Media:
        css = {"all": ("verification/admin.css",)}

    def get_changelist(self, request, **kwargs):
        return ReviewChangeList

    def get_ordering(self, request):
        # HR works through the list in the order the shortlist will have: Çeku after Cana, not at the
        # end.
        return ["position", *albanian_name_order("last_name", "first_name", "reference", "id")]

    def get_list_display(self, request):
        # Within one position (the link from the positions' list) its name on every row only takes the
        # width the decision and the checks need.
        if request.GET.get(PositionFilter.parameter_name):
            return tuple(f for f in self.list_display if f != "position")
        return self.list_display

    def changelist_view(self, request, extra_context=None):
        # One position's list (the link from the positions' list, the way back from the review screen) is
        # served by a list built for it (issue 13); the rest (all reviews, a column's sorting, "show all",
        # the actions' POST) by the admin's ChangeList.
        if review_list.served(request):
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            response = review_list.position_reviews_view(self, request)
            if response is not None:
                return response
        return super().changelist_view(
            request, {"title": _("Verification of the applications (R-18)"), **(extra_context or {})}
        )

    def get_actions(self, request):
        return super().get_actions(request) if _is_hr(request) else {}

    def action_checkbox(self, obj):
        # The admin's own checkbox, written out: its widget rendered a template per row (a fifth of the list's
        # time at 100 rows). The same HTML as CheckboxInput's.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    @admin.display(description=_("candidate"), ordering=AlbanianOrder("last_name"))
    def name_shown(self, obj):
        # Last name first, as the shortlist orders them; one column leaves room for the decision.
        return ", ".join(p for p in (obj.last_name, obj.first_name) if p) or obj.reference

    @admin.display(description=_("reference number"), ordering="reference")
    def reference_shown(self, obj):
        return format_html('<span class="nowrap">{}</span>', obj.reference)

    @admin.display(description=_("decision"), ordering="decision")
    def decision_shown(self, obj):
        # The choices' full labels (with their articles) take three lines in a column; the filter keeps them.
        return review_list.DECISION_SHORT.get(obj.decision, obj.get_decision_display())

    @admin.display(description=_("reasons"))
    def reason_list(self, obj):
        return "; ".join(obj.reason_labels())

    @admin.display(description=_("criteria met"))
    def checks_summary(self, obj):
        return f"{obj._met} / {obj._checks}"

    # --- The review screen (the change page): documents beside the criteria, "all met" then the exceptions
    # ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review = self.get_object(request, unquote(object_id))
        # As the admin's own change page: the permission first, then "does not exist" (the scoped queryset
        # hides another institution's reviews).
        if not self.has_view_or_change_permission(request, review):
            raise PermissionDenied
        if review is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        editable = _open(review) and self.has_change_permission(request, review)
        checks = list(review.checks.order_by("order", "id"))
        form = None
        if editable:
            form = ReviewScreenForm(
                request.POST if request.method == "POST" else None, checks=checks, review=review
            )
            if request.method == "POST" and form.is_valid():
                data = form.cleaned_data
                try:
                    services.review_record(
                        review=review,
                        results=form.results(),
                        decision=data["decision"],
                        reasons=data.get("reasons") or [],
                        explanation=data.get("explanation", ""),
                        actor=request.user,
                    )
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    self.message_user(
                        request,
                        _("The review of %(name)s is saved.") % {"name": review.full_name},
                        messages.SUCCESS,
                    )
                    # Save: back to the position's list, as the admin does; "next": the following undecided
                    # candidate in the shortlist's order (the list when none is left).
                    following = _next_review(review) if "_next" in request.POST else None
                    if following is not None:
                        return HttpResponseRedirect(
                            reverse("admin:verification_review_change", args=[following.pk])
                        )
                    return HttpResponseRedirect(
                        reverse("admin:verification_review_changelist")
                        + f"?{PositionFilter.parameter_name}={review.position_id}"
                    )
        elif request.method == "POST":
            raise PermissionDenied
        documents = _documents(review)
        shown = request.GET.get("document")
        current = next((d for d in documents if str(d["id"]) == shown), documents[0] if documents else None)
        context = {
            **self.admin_site.each_context(request),
            # The screen needs the whole width of a laptop (1280 px): documents beside the criteria.
            "is_nav_sidebar_enabled": False,
            "opts": self.opts,
            "original": review,
            "review": review,
            "form": form,
            "editable": editable,
            "title": _("Verification of %(name)s") % {"name": review.full_name or review.reference},
            "position": review.position,
            "documents": documents,
            "current_document": current,
            "checks": checks,
            "profile": _render_profile(review.submission.profile_snapshot or {}),
            "decision_label": review.get_decision_display(),
            "false_declarations": review.false_declarations.all(),
            "exclude_url": (
                reverse("admin:verification_review_exclude", args=[review.pk])
                if review.decision != Decision.EXCLUDED
                and _is_hr(request)
                and self.has_change_permission(request, review)
                else None
            ),
            "list_url": reverse("admin:verification_review_changelist")
            + f"?{PositionFilter.parameter_name}={review.position_id}",
            "media": self.media + (form.media if form else forms.Media()),
            **(extra_context or {}),
        }
        return render(request, "admin/verification/review/review_screen.html", context)

    def _by_position(self, request, queryset, call, done_message):
        ids_by_position: dict[int, list[int]] = {}
        for review in queryset.only("pk", "position_id"):
            ids_by_position.setdefault(review.position_id, []).append(review.pk)
        for position in Position.objects.filter(pk__in=ids_by_position):
            _report(self, request, lambda p=position: call(p, ids_by_position[p.pk]), done_message)

    @admin.action(description=_("Eligible (only those whose criteria are all checked and met)"))
    def bulk_eligible(self, request, queryset):
        self._by_position(
            request,
            queryset,
            lambda p, ids: services.reviews_bulk_eligible(position=p, actor=request.user, review_ids=ids),
            lambda n: _("%(n)s application(s) declared eligible.") % {"n": n},
        )

    @admin.action(description=_("Not eligible: missing document (only those lacking a required document)"))
    def bulk_missing_document(self, request, queryset):
        self._by_position(
            request,
            queryset,
            lambda p, ids: services.reviews_bulk_missing_document(
                position=p, actor=request.user, review_ids=ids
            ),
            lambda n: _("%(n)s application(s) declared not eligible (missing document).") % {"n": n},
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/exclude/",
                self.admin_site.admin_view(self.exclude_view),
                name="verification_review_exclude",
            )
        ] + super().get_urls()

    def exclude_view(self, request, pk):
        review = self.get_queryset(request).filter(pk=pk).first()
        if review is None or not self.has_change_permission(request, review):
            raise Http404
        form = ExclusionForm(request.POST or None)
        back = reverse("admin:verification_review_change", args=[review.pk])
        if request.method == "POST" and form.is_valid():
            try:
                services.false_declaration_record(review=review, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(
                    request, _("The candidate is excluded (R-9.3) and was told."), messages.SUCCESS
                )
                return HttpResponseRedirect(back)
        return render(
            request,
            "admin/service_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "back": back,
                "title": _("False declaration of %(name)s (R-9.3)") % {"name": review.full_name},
                "intro": _(
                    "A false declaration excludes the candidate at any stage of the procedure, even after "
                    "the shortlist is published (R-9.3). The candidate receives the explanation and a "
                    "decision."
                ),
                "submit": _("Exclude the candidate"),
            },
        )


def _documents(review) -> list[dict]:
    """The documents of the frozen checklist, each with the criterion it answers, its inline view (shown
    beside the criteria) and its download, both through the protected views of applications."""
    language = (get_language() or "sq").replace("-", "_")
    rows = []
    for item in review.submission.checklist_snapshot or []:
        for doc in item.get("documents", []):
            args = [review.application_id, doc["id"]]
            rows.append(
                {
                    "id": doc["id"],
                    "slot": item.get("slot", ""),
                    "name": pick_language(item.get("name"), language),
                    "label": doc["label"],
                    "sha256": doc.get("sha256", "")[:12],
                    "view_url": reverse("verification:document_inline", args=args),
                    "download_url": reverse("applications:document", args=args),
                }
            )
    return rows


def _next_review(review) -> Review | None:
    """The next candidate of the same position in the shortlist's order (R-18.4), still undecided if any
    is."""
    rows = list(
        Review.objects.filter(position_id=review.position_id).values(
            "pk", "first_name", "last_name", "reference", "decision"
        )
    )
    rows.sort(key=lambda r: rules.shortlist_sort_key(r["last_name"], r["first_name"], r["reference"]))
    at = next(i for i, r in enumerate(rows) if r["pk"] == review.pk)
    after = rows[at + 1 :] + rows[:at]
    following = next((r for r in after if r["decision"] == Decision.UNDECIDED), None)
    return Review.objects.filter(pk=following["pk"]).first() if following else None


class ExclusionForm(forms.Form):
    evidence = forms.CharField(
        label=_("evidence (internal)"),
        widget=forms.Textarea,
        help_text=_("What shows the declaration is false: the document, the source, the date."),
    )
    explanation = forms.CharField(label=_("explanation for the candidate"), widget=forms.Textarea)


def _shown(model, key: str, value):
    """A value of the frozen profile as a person reads it: a choice by its label ("Master", not "master";
    "Kosovo", not "XK"), a date as 30.06.2015; anything else as stored."""
    if value is None or value == "":
        return "—"
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return value


def _render_profile(snapshot: dict):
    """The frozen profile, readable: personal data, education, experience, languages, qualifications,
    referees (never the self-declared community or disability: those serve R-27/R-28 only)."""
    personal = snapshot.get("personal", {})
    labels = [
        ("first_name", _("first name")),
        ("parent_name", _("parent's name")),
        ("last_name", _("last name")),
        ("date_of_birth", _("date of birth")),
        ("personal_number", _("personal number")),
        ("gender", _("gender")),
        ("address", _("address")),
        ("phone", _("phone")),
        ("email", _("e-mail")),
    ]
    parts = [
        format_html(
            "<table>{}</table>",
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td></tr>',
                (
                    (capfirst(label), _shown(ApplicantProfile, key, personal.get(key)))
                    for key, label in labels
                ),
            ),
        )
    ]

    def section(title, rows, columns, model):
        if not rows:
            return format_html("<h4>{}</h4><p>—</p>", title)
        head = format_html_join("", '<th scope="col">{}</th>', ((label,) for _key, label in columns))
        body = format_html_join(
            "",
            "<tr>{}</tr>",
            (
                (
                    format_html_join(
                        "", "<td>{}</td>", ((_shown(model, key, row.get(key)),) for key, _label in columns)
                    ),
                )
                for row in rows
            ),
        )
        return format_html(
            "<h4>{}</h4><table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", title, head, body
        )

    parts.append(
        section(
            _("Education (R-11.1.3)"),
            snapshot.get("education", []),
            [
                ("level", _("level")),
                ("field_of_study", _("degree / field of study")),
                ("institution", _("institution")),
                ("country", _("country")),
                ("graduation_date", _("graduation date")),
                ("nostrification", _("nostrification")),
            ],
            Education,
        )
    )
    parts.append(
        section(
            _("Work experience (R-11.1.4)"),
            snapshot.get("experience", []),
            [
                ("employer", _("employer")),
                ("function", _("function")),
                ("title", _("title")),
                ("start_date", _("from")),
                ("end_date", _("to")),
                ("duties", _("duties")),
                ("staff_supervised_count", _("staff supervised")),
                ("reason_for_leaving", _("reason for leaving")),
            ],
            WorkExperience,
        )
    )
    parts.append(
        section(
            _("Languages (R-11.1.5)"),
            snapshot.get("languages", []),
            [("language", _("language")), ("level", _("level"))],
            LanguageSkill,
        )
    )
    parts.append(
        section(
            _("Trainings, qualifications, publications (R-11.1.6)"),
            snapshot.get("qualifications", []),
            [
                ("kind", _("kind")),
                ("title", _("title")),
                ("provider", _("organised / published by")),
                ("date", _("date")),
            ],
            Qualification,
        )
    )
    parts.append(
        format_html(
            "<h4>{}</h4><p>{}</p>", _("Computer skills (R-11.1.7)"), snapshot.get("computer_skills") or "—"
        )
    )
    parts.append(
        section(
            _("Referees (R-11.1.8)"),
            snapshot.get("referees", []),
            [("name", _("name")), ("address", _("address")), ("contact", _("contact"))],
            Referee,
        )
    )
    return format_html_join("", "{}", ((p,) for p in parts))


# --- The position's closing actions (R-12.2, R-12.3) ------------------------------------------------------
# vacancies' PositionAdmin, with the closing actions added here, where the decision is (closing.py reads the
# applications and the verification's deadline): vacancies' admin is registered first (INSTALLED_APPS order).


class ClosingReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (recorded in the audit log)"), widget=forms.Textarea, max_length=2000
    )


# The manual closing actions: (service, button label, explanation shown on the form page).
CLOSING_ACTIONS = {
    "decide_closing_now": (
        closing.position_closing_decide,
        _("Decide the closing now"),
        _(
            "Once the deadline has passed, the closing is decided at once as the scheduled task would: "
            "extended once when too few applications arrived (R-12.2), otherwise closed (R-12.3). The "
            "decision counts the applications submitted before the deadline, whenever it is made."
        ),
    ),
    "extend_by_hand": (
        closing.position_extend_manually,
        _("Extend by hand (R-12.2)"),
        _(
            "Only where R-12.2 extends anyway: the deadline has passed, the applications received are no "
            "more than the positions (or fewer than 3 for a single position), and the position was never "
            "extended."
        ),
    ),
    # Decision: the regulation has no early closing (rules.early_closing_allowed): the action exists so
    # that HR who looks for it is told why, with the articles, and nothing changes.
    "close_early": (
        closing.position_close_early,
        _("Close before the deadline"),
        _(
            "The regulation fixes the application period in the announcement (R-9.1.8, R-12.1): a position "
            "is not closed before its deadline."
        ),
    ),
}


class ClosingPositionAdmin(vacancies_admin.PositionAdmin):
    actions = list(CLOSING_ACTIONS)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.extended_until is not None:
            fields += ("extension_notices",)
        return fields

    @admin.display(description=_("the applicants' notices of the extension (R-12.2)"))
    def extension_notices(self, obj):
        """Issue 13: the notices to every applicant are written by a background worker after the extension."""
        run = notice_run_progress(closing.extension_notices_key(obj.pk))
        if run is None:
            return "—"
        text = _("Notices written: %(n)s of %(total)s.") % {"n": run.written, "total": run.total}
        if run.done_at:
            when = timezone.localtime(run.done_at, obj.announcement.institution.tzinfo).strftime(
                "%d.%m.%Y %H:%M"
            )
            text = f"{text} {_('All written on %(when)s; the outbox delivers them.') % {'when': when}}"
        return text

    def _closing_action(self, request, queryset, name):
        """An intermediate page asks for the reason; the service decides, checks HR and writes the audit."""
        service, label, explanation = CLOSING_ACTIONS[name]
        form = ClosingReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            for position in queryset:
                try:
                    result = service(
                        position_id=position.pk, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except (ValidationError, PermissionDenied) as exc:
                    msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                    self.message_user(request, f"{position}: " + " ".join(msgs), messages.ERROR)
                    continue
                done = {
                    closing.EXTEND: _("the deadline is extended once (R-12.2)."),
                    closing.CLOSE: _("closed; the preliminary verification starts (R-12.3, R-18)."),
                    None: _("already decided: nothing changed."),
                }[result]
                self.message_user(
                    request, f"{position}: {done}", messages.INFO if result is None else messages.SUCCESS
                )
            return None
        return TemplateResponse(
            request,
            "admin/vacancies/position/closing_action.html",
            {
                **self.admin_site.each_context(request),
                "title": label,
                "explanation": explanation,
                "action": name,
                "positions": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=CLOSING_ACTIONS["decide_closing_now"][1])
    def decide_closing_now(self, request, queryset):
        return self._closing_action(request, queryset, "decide_closing_now")

    @admin.action(description=CLOSING_ACTIONS["extend_by_hand"][1])
    def extend_by_hand(self, request, queryset):
        return self._closing_action(request, queryset, "extend_by_hand")

    @admin.action(description=CLOSING_ACTIONS["close_early"][1])
    def close_early(self, request, queryset):
        return self._closing_action(request, queryset, "close_early")


admin.site.unregister(Position)
admin.site.register(Position, ClosingPositionAdmin)
