"""HR's workplace for committees: the approved list of potential members, the committee of each
position, its draws (announce, perform, cancel), replacements, appointment, and what members declared.
Every state change goes through services.py; HR sees only its own institutions' data."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from recruitment.admin_mixins import HrScopedMixin, ReadOnlyMixin
from recruitment.collation import AlbanianOrder
from recruitment.lib.rows import formset_rows
from recruitment.permissions import hr_institution_ids
from vacancies.models import Institution, Position

from . import rules, selectors, services
from .forms import AnnounceDrawForm, CancelDrawForm, PerformDrawForm, RenewPoolForm, ReplacementForm
from .models import (
    Committee,
    CommitteeStatus,
    ConflictDeclaration,
    Draw,
    DrawStatus,
    Field,
    MemberPool,
    Observer,
    ObserverNotice,
    PoolMember,
    Seat,
    SeatStatus,
    Unavailability,
)


def _calling(service, done):
    """An ``on_valid`` for _run_form when the form's fields are the rest of ``service``'s keyword arguments:
    calls ``service(**data)``, then reports ``done``."""

    def on_valid(data):
        service(**data)
        return done

    return on_valid


def _run_form(model_admin, request, *, title, intro, form, submit, on_valid, back):
    """One small admin form page: show ``form``; when valid, call ``on_valid(data)``, report, go ``back``."""
    if request.method == "POST" and form.is_valid():
        try:
            done = on_valid(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not do this."))
        else:
            model_admin.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(back)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "form": form,
        "submit": submit,
        "opts": model_admin.model._meta,
        "back": back,
    }
    return render(request, "admin/service_form.html", context)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


# --- The pool ---------------------------------------------------------------------------------------------


@admin.register(MemberPool)
class MemberPoolAdmin(HrScopedMixin, admin.ModelAdmin):
    list_display = (
        "institution",
        "decision_reference",
        "approved_on",
        "valid_until",
        "member_count",
        "renew_link",
    )
    list_filter = ("institution",)
    readonly_fields = ("valid_until",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_members=Count("members"))

    def get_readonly_fields(self, request, obj=None):
        # The approval changes only by a recorded renewal.
        return ("institution", "approved_on", "valid_until") if obj else ("valid_until",)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("members"))
    def member_count(self, obj):
        return obj._members

    @admin.display(description=_("renewal"))
    def renew_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:committees_memberpool_renew", args=[obj.pk]), _("Renew")
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.pool_edit(pool=obj, decision_reference=obj.decision_reference, actor=request.user)
            return
        created = services.pool_create(
            institution=obj.institution,
            decision_reference=obj.decision_reference,
            approved_on=obj.approved_on,
            actor=request.user,
        )
        obj.pk, obj.valid_until, obj.created_at = created.pk, created.valid_until, created.created_at
        obj._state.adding = False

    def get_urls(self):
        return [
            path(
                "<int:pk>/renew/",
                self.admin_site.admin_view(self.renew_view),
                name="committees_memberpool_renew",
            )
        ] + super().get_urls()

    def renew_view(self, request, pk):
        pool = self.get_queryset(request).filter(pk=pk).first()
        if pool is None:
            raise Http404
        return _run_form(
            self,
            request,
            title=_("Renew %(pool)s") % {"pool": pool},
            intro=_("KQZ renews the list; it is then valid for two years from the renewal (R-13.5)."),
            form=RenewPoolForm(request.POST or None),
            submit=_("Record the renewal"),
            on_valid=_calling(
                partial(services.pool_renew, pool=pool, actor=request.user), _("The list is renewed.")
            ),
            back=reverse("admin:committees_memberpool_changelist"),
        )


class UnavailabilityInline(admin.TabularInline):
    """A member's periods of unavailability (R-13.6). Access follows the parent admin's HR check (like
    vacancies' DraftOnlyInlineMixin), not Django's model permissions, which HR users do not hold: without this
    the inline was missing from HR's member form and no period could be recorded."""

    model = Unavailability
    extra = 0

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return True


class PoolMemberForm(forms.ModelForm):
    # HR types the person's e-mail (the account they sign in with) rather than picking from every account.
    user = forms.ModelChoiceField(
        label=_("account (e-mail)"),
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="email",
        widget=forms.EmailInput,
        error_messages={"invalid_choice": _("No active account has this e-mail address.")},
    )

    class Meta:
        model = PoolMember
        fields = (
            "pool",
            "user",
            "name",
            "institution",
            "is_civil_servant",
            "category",
            "unit",
            "in_hr_unit",
            "is_professor",
            "is_trained",
            "fields",
            "active",
        )

    def clean(self):
        data = super().clean()
        if not data.get("is_civil_servant") and data.get("category"):
            self.add_error("category", _("Only civil servants have a category."))
        return data


@admin.register(PoolMember)
class PoolMemberAdmin(HrScopedMixin, admin.ModelAdmin):
    institution_path = "pool__institution"
    form = PoolMemberForm
    # What the seats' conditions ask of a member, and whether the member is active: shown and filtered on.
    member_facts = ("is_civil_servant", "category", "in_hr_unit", "is_professor", "is_trained", "active")
    list_display = ("name", "pool", "institution", *member_facts)
    list_filter = ("pool", *member_facts, "fields")
    search_fields = ("name", "user__email", "unit")
    filter_horizontal = ("fields",)
    inlines = [UnavailabilityInline]
    list_select_related = ("pool__institution", "institution")

    def get_ordering(self, request):
        # One Albanian alphabetical order for every list of people (recruitment.collation): Çeku after Cana.
        return ["pool", AlbanianOrder("name").asc(), "id"]

    def has_delete_permission(self, request, obj=None):
        return False  # untick "on the list" instead: the member's seats keep their history

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pool" and not request.user.is_superuser:
            kwargs["queryset"] = MemberPool.objects.filter(institution__in=hr_institution_ids(request.user))
        if db_field.name == "institution":
            kwargs["queryset"] = Institution.objects.all()  # members proposed by other institutions
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        pass  # saved with its inlines by the service, in save_related

    def save_related(self, request, form, formsets, change):
        [periods] = formsets  # the one inline: UnavailabilityInline
        saved, applied = services.pool_member_save(
            member=form.instance if change else None,
            values=form.cleaned_data,
            unavailability=formset_rows(periods),
            actor=request.user,
        )
        # The admin's history and its redirect read the object and the inline as a formset's save() leaves
        # them.
        form.instance.pk, form.instance._state.adding = saved.pk, False
        periods.new_objects, periods.changed_objects = applied.added, applied.changed
        periods.deleted_objects = applied.removed


# --- Committees ---------------------------------------------------------------------------------------------


class SeatInline(ReadOnlyMixin, admin.TabularInline):
    model = Seat
    fields = (
        "seat_key",
        "slot",
        "member",
        "chair",
        "status",
        "appointed_at",
        "fee_eur",
        "replacement_reason",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "committee")

    @admin.display(description=_("chair"), boolean=True)
    def chair(self, obj):
        return obj.status == SeatStatus.ACTIVE and obj.is_chair


class DrawInline(ReadOnlyMixin, admin.TabularInline):
    model = Draw
    fields = ("kind", "status", "committed_at", "drawn_at", "public_page")
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        if not obj.pk:
            return ""
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("committees:draw", args=[obj.pk]),
            _("View"),
        )


class CommitteeForm(forms.ModelForm):
    composition = forms.ChoiceField(
        label=_("composition"),
        required=False,
        choices=[("", _("As the position's category says"))] + list(rules.COMPOSITION_LABELS.items()),
    )

    class Meta:
        model = Committee
        fields = (
            "position",
            "pool",
            "composition",
            "fields",
            "responsible_unit",
            "evaluation_from",
            "evaluation_until",
            "require_trained",
            "candidate_names",
        )

    def clean(self):
        data = super().clean()
        saved = self.instance if self.instance.pk else None
        position = data.get("position") or (saved.position if saved else None)
        pool = data.get("pool") or (saved.pool if saved else None)
        if (
            position is not None
            and pool is not None
            and pool.institution_id != position.announcement.institution_id
        ):
            self.add_error("pool", _("The list must be the one approved by the position's institution."))
        if "composition" in self.fields and position is not None:
            data["composition"] = (
                data.get("composition")
                or rules.composition_for_position(position.category, position.scoring_scheme)
                or ""
            )
            if not data["composition"]:
                self.add_error("composition", _("The position's category names no composition: choose one."))
        return data


@admin.register(Committee)
class CommitteeAdmin(HrScopedMixin, admin.ModelAdmin):
    institution_path = "position__announcement__institution"
    form = CommitteeForm
    list_display = ("position", "composition", "status", "evaluation_from", "pool")
    list_filter = ("status", "composition")
    search_fields = ("position__code", "position__title", "position__announcement__reference")
    filter_horizontal = ("fields",)
    inlines = [SeatInline, DrawInline]
    list_select_related = ("position__announcement__institution", "pool")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        frozen = ("position", "pool", "composition", "fields", "responsible_unit", "require_trained")
        return ("status", "workflow") + (frozen if obj.status != CommitteeStatus.DRAFT else ("position",))

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return (
            (["workflow", "status"] + [f for f in fields if f not in ("workflow", "status")])
            if obj
            else fields
        )

    def has_delete_permission(self, request, obj=None):
        return False  # a committee, once created, stays in the record

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            institutions = hr_institution_ids(request.user)
            if db_field.name == "position":
                kwargs["queryset"] = Position.objects.filter(
                    announcement__institution__in=institutions, committee__isnull=True
                ).select_related("announcement")
            if db_field.name == "pool":
                kwargs["queryset"] = MemberPool.objects.filter(institution__in=institutions)
        return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                created = services.committee_create(
                    position=data["position"],
                    pool=data["pool"],
                    actor=request.user,
                    fields=data.get("fields", []),
                    composition=data.get("composition") or None,
                    responsible_unit=data.get("responsible_unit") or None,
                    evaluation_from=data.get("evaluation_from"),
                    evaluation_until=data.get("evaluation_until"),
                    require_trained=data.get("require_trained", False),
                    candidate_names=data.get("candidate_names", ""),
                )
                obj.pk, obj._state.adding = created.pk, False
            else:
                changes = {
                    name: data[name] for name in form.changed_data if name in data and name != "fields"
                }
                if changes.get("composition") == "":
                    changes.pop("composition")
                fields = data["fields"] if "fields" in form.changed_data else None
                services.committee_update(committee=obj, actor=request.user, fields=fields, **changes)
        except ValidationError as exc:
            # The admin validated the form already; a rule of the service still refused: show it.
            raise PermissionDenied("; ".join(exc.messages)) from exc

    def save_related(self, request, form, formsets, change):
        pass  # the services set the fields of specialisation

    @admin.display(description=_("next steps"))
    def workflow(self, obj):
        links = []
        pending = obj.draws.filter(status=DrawStatus.COMMITTED).first()
        if pending is not None:
            links += [
                (
                    reverse("admin:committees_committee_perform", args=[obj.pk, pending.pk]),
                    _("Perform the draw"),
                ),
                (
                    reverse("admin:committees_committee_cancel", args=[obj.pk, pending.pk]),
                    _("Cancel the announced draw"),
                ),
                (reverse("committees:draw", args=[pending.pk]), _("Public page of the announced draw")),
            ]
        elif obj.status == CommitteeStatus.DRAFT:
            links.append(
                (reverse("admin:committees_committee_announce", args=[obj.pk]), _("Announce the draw"))
            )
        else:
            if obj.seats.filter(status=SeatStatus.ACTIVE, appointed_at__isnull=True).exists():
                label = (
                    _("Appointment by the leader (R-15.6)")
                    if rules.appointed_by_leader(obj.composition)
                    else _("Appoint the committee")
                )
                links.append((reverse("admin:committees_committee_appoint", args=[obj.pk]), label))
            links.append(
                (reverse("admin:committees_committee_replace", args=[obj.pk]), _("Replace a member (R-13.6)"))
            )
        return format_html_join(" · ", '<a href="{}">{}</a>', links) if links else "—"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/announce/", view(self.announce_view), name="committees_committee_announce"),
            path(
                "<int:pk>/draws/<int:draw_pk>/perform/",
                view(self.perform_view),
                name="committees_committee_perform",
            ),
            path(
                "<int:pk>/draws/<int:draw_pk>/cancel/",
                view(self.cancel_view),
                name="committees_committee_cancel",
            ),
            path("<int:pk>/replace/", view(self.replace_view), name="committees_committee_replace"),
            path("<int:pk>/appoint/", view(self.appoint_view), name="committees_committee_appoint"),
        ] + super().get_urls()

    def _committee(self, request, pk) -> Committee:
        committee = self.get_queryset(request).filter(pk=pk).first()
        if committee is None:
            raise Http404
        return committee

    def _back(self, committee):
        return reverse("admin:committees_committee_change", args=[committee.pk])

    def announce_view(self, request, pk):
        committee = self._committee(request, pk)

        def announce(data):
            draw = services.committee_draw_announce(
                committee=committee, commitment=data["commitment"], actor=request.user
            )
            return _("The draw is announced and public at %(url)s. Perform it with your secret.") % {
                "url": reverse("committees:draw", args=[draw.pk])
            }

        return _run_form(
            self,
            request,
            title=_("Announce the draw of %(c)s") % {"c": committee},
            intro=_(
                "The list, the exclusions and the seats are frozen now and published with the SHA-256 of "
                "your secret and of a value the portal keeps until the draw. Nobody can know the result "
                "before you reveal your secret."
            ),
            form=AnnounceDrawForm(request.POST or None),
            submit=_("Announce the draw"),
            on_valid=announce,
            back=self._back(committee),
        )

    def _draw(self, committee, draw_pk) -> Draw:
        draw = committee.draws.filter(pk=draw_pk).first()
        if draw is None:
            raise Http404
        return draw

    def perform_view(self, request, pk, draw_pk):
        committee = self._committee(request, pk)
        draw = self._draw(committee, draw_pk)
        if (
            draw.status != DrawStatus.COMMITTED
        ):  # a repeated click: drawn (or cancelled) already, nothing again
            self.message_user(request, _("This draw is not waiting to be performed any more."), messages.INFO)
            return HttpResponseRedirect(self._back(committee))
        snapshot = draw.snapshot or {}
        excluded = {entry["member"] for entry in snapshot.get("excluded", [])}
        eligible = sum(1 for entry in snapshot.get("pool", []) if entry["id"] not in excluded)
        return _run_form(
            self,
            request,
            title=_("Perform the draw of %(c)s") % {"c": committee},
            intro=format_html(
                "{}</p><p>{}",
                _(
                    "Reveals your secret and draws %(seats)s member(s) from the %(eligible)s of the frozen "
                    "list who may be drawn; the result, with their names, is public at once and cannot be "
                    "undone."
                )
                % {
                    "seats": sum(len(seat.get("slots", [])) for seat in snapshot.get("seats", [])),
                    "eligible": eligible,
                },
                _("Enter the secret whose SHA-256 you published: %(commitment)s")
                % {"commitment": draw.commitment},
            ),
            form=PerformDrawForm(request.POST or None),
            submit=_("Draw"),
            on_valid=_calling(
                partial(services.draw_perform, draw=draw, actor=request.user),  # with the form's secret
                _("The committee is drawn; the result is public."),
            ),
            back=self._back(committee),
        )

    def cancel_view(self, request, pk, draw_pk):
        committee = self._committee(request, pk)
        draw = self._draw(committee, draw_pk)
        return _run_form(
            self,
            request,
            title=_("Cancel the announced draw of %(c)s") % {"c": committee},
            intro=_("The cancelled draw stays public with its reason."),
            form=CancelDrawForm(request.POST or None),
            submit=_("Cancel the draw"),
            on_valid=_calling(
                partial(services.draw_cancel, draw=draw, actor=request.user), _("The draw is cancelled.")
            ),
            back=self._back(committee),
        )

    def replace_view(self, request, pk):
        committee = self._committee(request, pk)

        def replace(data):
            draw = services.seat_replacement_announce(
                seat=data["seat"], reason=data["reason"], commitment=data["commitment"], actor=request.user
            )
            return _(
                "The replacement draw is announced and public at %(url)s. Perform it with your secret."
            ) % {"url": reverse("committees:draw", args=[draw.pk])}

        return _run_form(
            self,
            request,
            title=_("Replace a member of %(c)s") % {"c": committee},
            intro=_(
                "A new draw fills that seat only, under the same rules (R-13.6); the other members stay."
            ),
            form=ReplacementForm(request.POST or None, committee=committee),
            submit=_("Announce the replacement draw"),
            on_valid=replace,
            back=self._back(committee),
        )

    def appoint_view(self, request, pk):
        committee = self._committee(request, pk)
        seats = [s for s in selectors.committee_seats(committee) if not s.appointed_at]
        if not seats:  # a repeated click: everyone drawn is appointed and told already; nobody is told twice
            self.message_user(request, _("Every member drawn is already appointed."), messages.INFO)
            return HttpResponseRedirect(self._back(committee))

        def appoint(data):
            appointed = services.committee_appoint(committee=committee, actor=request.user)
            return _("%(n)s member(s) appointed and told.") % {"n": len(appointed)}

        return _run_form(
            self,
            request,
            title=_("Appoint %(c)s") % {"c": committee},
            intro=format_html(
                "{}</p><p>{}</p><ul>{}</ul><p>",
                ngettext(
                    "Appoints %(n)s member and sends %(n)s notice; this cannot be undone.",
                    "Appoints %(n)s members and sends %(n)s notices; this cannot be undone.",
                    len(seats),
                )
                % {"n": len(seats)},
                _("These members are appointed and told through the portal's messages:"),
                format_html_join(
                    "", "<li>{}/{}: {}</li>", ((s.seat_key, s.slot, s.member.name) for s in seats)
                ),
            ),
            # An empty form: bound on POST even though nothing is posted.
            form=forms.Form(request.POST if request.method == "POST" else None),
            submit=_("Appoint"),
            on_valid=appoint,
            back=self._back(committee),
        )


# --- Declarations and observers: what HR reads --------------------------------------------------------------


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyMixin, HrScopedMixin, admin.ModelAdmin):
    institution_path = "seat__committee__position__announcement__institution"
    list_display = ("seat", "committee", "has_conflict", "declared_at")
    list_filter = ("has_conflict",)
    list_select_related = ("seat__member", "seat__committee__position")

    @admin.display(description=_("committee"))
    def committee(self, obj):
        return obj.seat.committee


@admin.register(Observer)
class ObserverAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "kind", "data_protection_accepted_at")
    list_filter = ("kind",)

    def has_module_permission(self, request):
        return request.user.is_active and (
            request.user.is_superuser or bool(hr_institution_ids(request.user))
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(ObserverNotice)
class ObserverNoticeAdmin(ReadOnlyMixin, HrScopedMixin, admin.ModelAdmin):
    institution_path = "committee__position__announcement__institution"
    list_display = ("observer", "committee", "given_at")
    list_select_related = ("observer__user", "committee__position")
