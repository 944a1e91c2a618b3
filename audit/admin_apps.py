from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    """django.contrib.admin with a site whose every delete is an audited service (audit/sites.py)."""

    default_site = "audit.sites.AuditedAdminSite"
