"""Atom feeds of the open vacancies: all, per institution, per category (Django's syndication framework).

Served inside i18n_patterns, so /en/feeds/… reads in English; entries link to the position's page in the
feed's language. The feed holds what the open list shows, never more.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from vacancies.models import Category, Institution
from vacancies.selectors import positions_search

FEED_SIZE = 100


class OpenVacanciesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return None

    def _filters(self, obj) -> dict:
        return {}

    def title(self, obj):
        return _("Open vacancies in the civil service")

    def subtitle(self, obj):
        return _("Vacancies open for applications on the recruitment portal, soonest deadline first.")

    def link(self, obj):
        return reverse("vacancies:list")

    def feed_url(self, obj):
        return None  # the request's URL

    def author_name(self):
        return _("Recruitment portal")

    def items(self, obj):
        return list(positions_search(open_now=True, **self._filters(obj))[:FEED_SIZE])

    def item_title(self, item):
        code = f"{item.code} " if item.code else ""
        return f"{code}{item.title} · {item.announcement.institution.short_name}"

    def item_description(self, item):
        deadline = item.deadline.astimezone(item.announcement.institution.tzinfo)
        parts = [
            item.announcement.institution.name,
            item.get_category_display(),
            item.place or ", ".join(p.place for p in item.places.all()),
            _("Deadline: %(deadline)s") % {"deadline": deadline.strftime("%d.%m.%Y %H:%M")},
        ]
        text = " · ".join(p for p in parts if p)
        if item.description:
            text += "\n\n" + strip_tags(item.description)
        return text

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"position-{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.announcement.published_at or item.announcement.opens_at

    def item_updateddate(self, item):
        return item.announcement.updated_at

    def item_categories(self, item):
        return [item.get_category_display(), item.announcement.institution.short_name]


class InstitutionVacanciesFeed(OpenVacanciesFeed):
    def get_object(self, request, short_name):
        institution = Institution.objects.filter(short_name=short_name).first()
        if institution is None:
            raise Http404
        return institution

    def _filters(self, obj):
        return {"institution": obj.short_name}

    def title(self, obj):
        return _("Open vacancies: %(institution)s") % {"institution": obj.name}

    def link(self, obj):
        return f"{reverse('vacancies:list')}?institution={obj.short_name}"


class CategoryVacanciesFeed(OpenVacanciesFeed):
    def get_object(self, request, category):
        if category not in Category.values:
            raise Http404
        return category

    def _filters(self, obj):
        return {"category": obj}

    def title(self, obj):
        return _("Open vacancies: %(category)s") % {"category": Category(obj).label}

    def link(self, obj):
        return f"{reverse('vacancies:list')}?category={obj}"
