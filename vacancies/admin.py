"""HR's workplace for announcements. HR sees and changes only its own institutions' announcements;
a published announcement is read-only here, and changes to it go through the amendment form."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from audit.deletion import register_delete_guard
from recruitment.admin_mixins import HrScopedMixin, ReadOnlyInlineMixin
from recruitment.permissions import hr_institution_ids

from . import rules, services
from .models import (
    Amendment,
    Announcement,
    AnnouncementStatus,
    Institution,
    InstitutionStaff,
    JobGroup,
    Position,
    PositionPlace,
    RequiredDocument,
    Requirement,
)


def _announcement_delete_refusal(announcement):
    """A published or closed announcement is public record (R-9): never deleted, by anyone. (PostgreSQL
    refuses it too: migration vacancies 0004.)"""
    if announcement.status != AnnouncementStatus.DRAFT:
        return _("%(ref)s is %(status)s: a published or closed announcement is never deleted.") % {
            "ref": announcement.reference,
            "status": announcement.get_status_display(),
        }
    return None


def _position_delete_refusal(position):
    if position.announcement.status != AnnouncementStatus.DRAFT:
        return _("%(position)s belongs to a published or closed announcement: it is never deleted.") % {
            "position": position
        }
    return None


register_delete_guard(Announcement, _announcement_delete_refusal)
register_delete_guard(Position, _position_delete_refusal)


@admin.register(Institution)
class InstitutionAdmin(TranslationAdmin):
    list_display = ("short_name", "name", "country", "time_zone", "rule_set")
    search_fields = ("short_name", "name")


@admin.register(InstitutionStaff)
class InstitutionStaffAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "role")
    list_filter = ("institution", "role")
    autocomplete_fields = ("user",)


@admin.register(JobGroup)
class JobGroupAdmin(HrScopedMixin, TranslationAdmin):
    """Groups of positions (R-6.1): HR names a group once and links each competition's position to it."""

    list_display = ("code", "name", "institution")
    list_filter = ("institution",)
    search_fields = ("code", "name_sq", "name_en")


class PositionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Position
    fields = ("order", "code", "title", "category", "number_of_positions", "edit_link")
    readonly_fields = fields
    extra = 0
    show_change_link = False
    verbose_name_plural = _("positions (add one from the Positions page)")

    @admin.display(description=_("details"))
    def edit_link(self, obj):
        if not obj.pk:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:vacancies_position_change", args=[obj.pk]),
            _("Open the position"),
        )


class AmendmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Amendment
    fields = ("created_at", "actor", "reason", "changes")
    readonly_fields = fields
    extra = 0


class AmendmentForm(forms.Form):
    closes_at = forms.SplitDateTimeField(
        label=_("New closing date and hour"), required=False, widget=admin.widgets.AdminSplitDateTime
    )
    requirement = forms.ModelChoiceField(
        label=_("Requirement to change"), queryset=Requirement.objects.none(), required=False
    )
    requirement_text_sq = forms.CharField(
        label=_("New text (Albanian)"), widget=forms.Textarea, required=False
    )
    requirement_text_sr_latn = forms.CharField(
        label=_("New text (Serbian)"), widget=forms.Textarea, required=False
    )
    requirement_text_en = forms.CharField(
        label=_("New text (English)"), widget=forms.Textarea, required=False
    )
    reason_sq = forms.CharField(label=_("Reason (Albanian)"), widget=forms.Textarea)
    reason_sr_latn = forms.CharField(label=_("Reason (Serbian)"), widget=forms.Textarea, required=False)
    reason_en = forms.CharField(label=_("Reason (English)"), widget=forms.Textarea, required=False)

    def __init__(self, *args, announcement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.filter(
            position__announcement=announcement
        ).select_related("position")

    def clean(self):
        data = super().clean()
        if data.get("requirement") and not (data.get("requirement_text_sq") or "").strip():
            self.add_error("requirement_text_sq", _("Give the new text of the requirement."))
        if not data.get("closes_at") and not data.get("requirement"):
            raise ValidationError(_("Change the deadline, a requirement, or both."))
        return data


@admin.register(Announcement)
class AnnouncementAdmin(HrScopedMixin, TranslationAdmin):
    list_display = ("reference", "title", "institution", "status", "opens_at", "closes_at", "preview_link")
    list_filter = ("status", "institution", "rule_set")
    search_fields = ("reference", "title_sq", "title_en", "title_sr_latn")
    date_hierarchy = "closes_at"
    inlines = [PositionInline, AmendmentInline]
    actions = ["publish_selected", "close_selected"]
    readonly_fields = ("status", "published_at", "preview_link")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != AnnouncementStatus.DRAFT:
            # once public, the announcement changes only by a recorded amendment.
            return [f.name for f in obj._meta.fields if f.editable or f.name in ("status",)] + [
                "preview_link"
            ]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Drafts only; the delete itself is audited (audit/sites.py).
        if obj is not None and _announcement_delete_refusal(obj):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("public page"))
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return ""
        label = _("Preview") if obj.status == AnnouncementStatus.DRAFT else _("View")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/amend/",
                self.admin_site.admin_view(self.amend_view),
                name="vacancies_announcement_amend",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and obj.status == AnnouncementStatus.PUBLISHED:
            extra_context["amend_url"] = reverse("admin:vacancies_announcement_amend", args=[obj.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def amend_view(self, request, pk):
        announcement = self.get_queryset(request).filter(pk=pk).first()
        if announcement is None:
            raise Http404
        if not self.has_change_permission(request, announcement):
            raise PermissionDenied
        form = AmendmentForm(request.POST or None, announcement=announcement)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.announcement_amend(
                    announcement=announcement,
                    actor=request.user,
                    reason={
                        "sq": data["reason_sq"],
                        "sr_latn": data["reason_sr_latn"],
                        "en": data["reason_en"],
                    },
                    closes_at=data.get("closes_at"),
                    requirement=data.get("requirement"),
                    requirement_text={
                        "sq": data["requirement_text_sq"],
                        "sr_latn": data["requirement_text_sr_latn"],
                        "en": data["requirement_text_en"],
                    },
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, _("The amendment is recorded and shown on the public page."))
                return HttpResponseRedirect(reverse("admin:vacancies_announcement_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Amend %(ref)s") % {"ref": announcement.reference},
            "form": form,
            "announcement": announcement,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return render(request, "admin/vacancies/announcement/amend.html", context)

    def _run(self, request, queryset, service, done_message):
        for announcement in queryset:
            try:
                service(announcement=announcement, actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                msgs = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                self.message_user(request, f"{announcement.reference}: " + " ".join(msgs), messages.ERROR)
            else:
                self.message_user(request, f"{announcement.reference}: {done_message}", messages.SUCCESS)

    @admin.action(description=_("Publish the selected announcements"))
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.announcement_publish, _("published"))

    @admin.action(description=_("Close the selected announcements"))
    def close_selected(self, request, queryset):
        self._run(request, queryset, services.announcement_close, _("closed"))


class DraftOnlyInlineMixin:
    """Inlines of a position may change only while its announcement is a draft (HR role checked
    by the parent admin)."""

    def _draft(self, obj):
        return obj is None or obj.announcement.status == AnnouncementStatus.DRAFT

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return self._draft(obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj)


class PlaceSplitFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        counts = [
            f.cleaned_data["count"]
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("count")
        ]
        if not rules.place_split_matches(self.instance.number_of_positions, counts):
            raise ValidationError(
                _("The split by place adds up to %(split)s, but the position has %(n)s positions.")
                % {"split": sum(counts), "n": self.instance.number_of_positions}
            )


class PositionPlaceInline(DraftOnlyInlineMixin, TranslationTabularInline):
    model = PositionPlace
    formset = PlaceSplitFormSet
    extra = 0


class RequirementInline(DraftOnlyInlineMixin, TranslationTabularInline):
    model = Requirement
    extra = 0


class RequiredDocumentInline(DraftOnlyInlineMixin, TranslationTabularInline):
    model = RequiredDocument
    extra = 0


@admin.register(Position)
class PositionAdmin(HrScopedMixin, TranslationAdmin):
    institution_path = "announcement__institution"
    list_display = (
        "code",
        "title",
        "announcement",
        "category",
        "number_of_positions",
        "closing_state",
        "effective_deadline",
    )
    list_filter = ("category", "closing_state", "announcement__institution")
    search_fields = ("code", "title_sq", "title_en", "announcement__reference")
    inlines = [PositionPlaceInline, RequirementInline, RequiredDocumentInline]
    list_select_related = ("announcement__institution",)
    # The closing actions (decide now, extend by hand, close early) are added by verification/admin.py, where
    # the decision is (verification/closing.py reads the applications and the verification's deadline).

    @admin.display(description=_("deadline"))
    def effective_deadline(self, obj):
        return obj.deadline

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # a position joins only a group of positions of its own institution's HR.
        if db_field.name == "job_group" and not request.user.is_superuser:
            kwargs["queryset"] = JobGroup.objects.filter(institution__in=hr_institution_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        closing_fields = (
            "closing_state",
            "extended_until",
            "extension_reason",
            "closed_at",
            "applications_at_closing",
        )
        return tuple(super().get_readonly_fields(request, obj)) + closing_fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.announcement.status != AnnouncementStatus.DRAFT:
            return False  # viewable, not editable: amend the announcement instead
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _position_delete_refusal(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        position = form.instance
        problems = services.announcement_validate_for_publication(position.announcement)
        for problem in problems:
            self.message_user(request, problem, messages.WARNING)
