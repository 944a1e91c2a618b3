"""Every change to member pools, committees, draws, seats, declarations and observers, one module per
workflow:

- ``common``: the draw's algorithm version, the reasons a member is left out of a draw, the status move, the
  lock;
- ``pools``: the list of potential members (R-13.3 … R-13.5) and the warning before it expires;
- ``committee``: a committee's profile;
- ``draws``: the draws, announced with HR's commitment then performed with the revealed secret (rules.py says
  why), a seat's replacement and a draw's cancellation;
- ``appointment``: the appointment and the compensation (R-13.7, R-14.6, R-14.7, R-15.6);
- ``declarations``: the members' declarations of no conflict of interest;
- ``observers``: observers (R-16).

Each service checks the actor, locks what it changes, applies the rule of rules.py, and writes its audit event
and outbox messages in one transaction. The names below are the package's public API
(``committees.services.x``).
"""

from .appointment import committee_appoint
from .committee import committee_create, committee_update
from .common import (
    ALGORITHM_VERSION,
    EXCLUDED_REPLACED,
    EXCLUDED_SEATED,
    EXCLUDED_UNAVAILABLE,
    TransitionError,
    institution_today,
    position_reference,
    refusal_message,
)
from .declarations import declaration_submit
from .draws import (
    build_snapshot,
    committee_draw_announce,
    draw_cancel,
    draw_perform,
    seat_replacement_announce,
)
from .observers import observer_notice_decide, observer_notice_give, observer_register
from .pools import pool_create, pool_edit, pool_member_save, pool_renew, pools_warn_expiring

__all__ = [
    "ALGORITHM_VERSION",
    "EXCLUDED_UNAVAILABLE",
    "EXCLUDED_SEATED",
    "EXCLUDED_REPLACED",
    "TransitionError",
    "institution_today",
    "position_reference",
    "refusal_message",
    "pool_create",
    "pool_renew",
    "pool_edit",
    "pool_member_save",
    "pools_warn_expiring",
    "committee_create",
    "committee_update",
    "build_snapshot",
    "committee_draw_announce",
    "seat_replacement_announce",
    "draw_perform",
    "draw_cancel",
    "committee_appoint",
    "declaration_submit",
    "observer_register",
    "observer_notice_give",
    "observer_notice_decide",
]
