"""The committee seats and observers read from committees' tables for recruitment.permissions, which imports
no app: registered in CommitteesConfig.ready()."""

from recruitment.permissions import OBSERVER_CACHE, RoleRows, register_role_loader, register_role_rows

from .models import Observer, PoolMember, Seat, SeatStatus

# A row of the roles query that is a committee seat, not an institution role (no StaffRole has this value).
SEAT = "committee-seat"
# A row of the roles query that is the user's observer registration: the navigation's link, no query.
OBSERVER = "observer"


def member_committee_ids(user) -> set[int]:
    """The committees on which the user holds a seat now (a replaced member no longer does)."""
    return set(
        Seat.objects.filter(member__user=user, status=SeatStatus.ACTIVE).values_list(
            "committee_id", flat=True
        )
    )


def observer_of(user) -> Observer | None:
    """The user's observer registration (R-16), or None."""
    return Observer.objects.filter(user=user).first()


def seats_sql(connection) -> str:
    """(SEAT, committee) of each of the user's active seats."""
    qn = connection.ops.quote_name
    seat, member = Seat._meta, PoolMember._meta

    def col(meta, field):
        return qn(meta.get_field(field).column)

    return (
        f"SELECT %s, s.{col(seat, 'committee')} FROM {qn(seat.db_table)} s "
        f"INNER JOIN {qn(member.db_table)} m ON m.{qn(member.pk.column)} = s.{col(seat, 'member')} "
        f"WHERE m.{col(member, 'user')} = %s AND s.{col(seat, 'status')} = %s"
    )


def observer_sql(connection) -> str:
    """(OBSERVER, registration) of the user's observer registration."""
    qn = connection.ops.quote_name
    observer = Observer._meta
    return (
        f"SELECT %s, {qn(observer.pk.column)} FROM {qn(observer.db_table)} "
        f"WHERE {qn(observer.get_field('user').column)} = %s"
    )


def register() -> None:
    register_role_loader("member_committee_ids", member_committee_ids)
    register_role_loader("observer_of", observer_of)
    register_role_rows(
        RoleRows(
            sql=seats_sql,
            params=lambda user: [SEAT, user.pk, SeatStatus.ACTIVE],
            caches={SEAT: "_member_committee_ids"},
            institution_role=False,
            models=(Seat, PoolMember),
        )
    )
    register_role_rows(
        RoleRows(
            sql=observer_sql,
            params=lambda user: [OBSERVER, user.pk],
            caches={OBSERVER: OBSERVER_CACHE},
            institution_role=False,
            models=(Observer,),
        )
    )
