from django.contrib import admin
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from recruitment.admin_mixins import ReadOnlyMixin

from .models import Event, Pseudonym


@admin.register(Event)
class EventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("seq", "created_at", "person", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_repr", "action")
    readonly_fields = [f.name for f in Event._meta.fields] + ["person"]

    def get_queryset(self, request):
        """Each row with the person behind its pseudonym, in the page's one query (no query per row)."""
        mapping = Pseudonym.objects.filter(code=OuterRef("actor_repr"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                pseudonym_known=Exists(mapping),
                person_first_name=Subquery(mapping.values("user__first_name")[:1]),
                person_last_name=Subquery(mapping.values("user__last_name")[:1]),
                person_email=Subquery(mapping.values("user__email")[:1]),
                person_username=Subquery(mapping.values("user__username")[:1]),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        """An e-mail address also finds the events of the person's pseudonym (while the link exists)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if "@" in term:
            codes = list(Pseudonym.objects.filter(user__email__iexact=term).values_list("code", flat=True))
            if codes:
                found = found | queryset.filter(actor_repr__in=codes)
        return found, may_have_duplicates

    @admin.display(description=_("actor"), ordering="actor_repr")
    def person(self, obj):
        """Who acted: the person behind the pseudonym while the link exists (HR and operators may need it by
        law), "erased person" after their erasure; a role ("system") or an old event's recorded name as it
        is."""
        if not getattr(obj, "pseudonym_known", False):
            return obj.actor_repr
        if obj.person_username is None:
            return _("erased person (%(pseudonym)s)") % {"pseudonym": obj.actor_repr}
        name = " ".join(n for n in (obj.person_first_name, obj.person_last_name) if n)
        return f"{name or obj.person_email or obj.person_username} ({obj.actor_repr})"
