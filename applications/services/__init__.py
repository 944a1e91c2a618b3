"""Every state change of a profile and an application, one module per workflow:

- ``common``: the refusal, the row locks (their order is in its docstring), the checks, the history event and
  the message to the applicant;
- ``profile``: the personal data and the lists of the profile (R-11.1), and the copy a submission freezes;
- ``drafts``: a draft's start, place and documents;
- ``submission``: submit, withdraw, prepare again;
- ``assisted``: HR applies for a candidate (R-12.1);
- ``reminders``: the reminder of a draft before the deadline.

The names below are the package's public API (``applications.services.x``).
"""

from recruitment.permissions import NotAllowed  # what the services raise for a refused actor

from ..choices import PERSONAL_REQUIRED
from .assisted import assisted_application_start
from .common import ApplicationError
from .drafts import (
    application_choose_place,
    application_start,
    document_remove,
    documents_add,
    uploads_check_and_store,
)
from .profile import (
    PROFILE_LISTS,
    profile_facts,
    profile_get_or_create,
    profile_section_save,
    profile_snapshot,
    profile_update,
)
from .reminders import draft_reminders_send
from .submission import (
    _context_snapshot,  # noqa: F401  (demo.seed freezes a context as a submission does; not in __all__)
    application_reopen,
    application_submit,
    application_withdraw,
)

__all__ = [
    "NotAllowed",
    "ApplicationError",
    "PROFILE_LISTS",
    "profile_get_or_create",
    "profile_update",
    "profile_section_save",
    "profile_snapshot",
    "PERSONAL_REQUIRED",
    "profile_facts",
    "application_start",
    "application_choose_place",
    "documents_add",
    "uploads_check_and_store",
    "document_remove",
    "application_submit",
    "application_withdraw",
    "application_reopen",
    "assisted_application_start",
    "draft_reminders_send",
]
