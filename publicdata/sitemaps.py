"""sitemap.xml: every public page in the three languages, each URL with its alternates (hreflang) and
x-default (Albanian, the portal's default, at the root)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from vacancies.models import Announcement, AnnouncementStatus, Position


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "vacancies:list",
            "vacancies:archive",
            "committees:draw_list",
            "publicdata:statistics",
            "publicdata:api_docs",
            "alerts:subscribe",
            "privacy:notice",
            "privacy:accessibility",
        ]

    def location(self, item):
        return reverse(item)


class AnnouncementSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self):
        return Announcement.objects.public().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PositionSitemap(_I18nSitemap):
    changefreq = "daily"

    def items(self):
        return (
            Position.objects.filter(
                announcement__status__in=[AnnouncementStatus.PUBLISHED, AnnouncementStatus.CLOSED]
            )
            .select_related("announcement")
            .only("pk", "announcement_id", "announcement__updated_at")
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.announcement.updated_at


SITEMAPS = {"pages": StaticPagesSitemap, "announcements": AnnouncementSitemap, "positions": PositionSitemap}
