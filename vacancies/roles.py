"""The institution roles (HR, leader) read from vacancies' table for recruitment.permissions, which imports no
app: registered in VacanciesConfig.ready()."""

from django.contrib.auth import get_user_model

from recruitment.permissions import RoleRows, register_role_loader, register_role_rows

from .models import InstitutionStaff, StaffRole


def hr_institution_ids(user) -> set[int]:
    """The institutions whose HR unit (NJMBNJ) the user belongs to (an active, signed-in user)."""
    return set(user.institution_roles.filter(role=StaffRole.HR).values_list("institution_id", flat=True))


def hr_users(institution_id: int):
    """The active members of the institution's HR unit, in a stable order: who receives HR's messages."""
    return (
        get_user_model()
        .objects.filter(
            institution_roles__institution_id=institution_id,
            institution_roles__role=StaffRole.HR,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def is_leader_of(user, institution_id: int) -> bool:
    """The institution's highest administrative leader (R-15.6 appoints management committees)."""
    return user.institution_roles.filter(role=StaffRole.LEADER, institution_id=institution_id).exists()


def institution_roles_sql(connection) -> str:
    """(role, institution) of each of the user's institution roles."""
    qn = connection.ops.quote_name
    staff = InstitutionStaff._meta

    def col(field):
        return qn(staff.get_field(field).column)

    return f"SELECT {col('role')}, {col('institution')} FROM {qn(staff.db_table)} WHERE {col('user')} = %s"


def register() -> None:
    register_role_loader("hr_institution_ids", hr_institution_ids)
    register_role_loader("hr_users", hr_users)
    register_role_loader("is_leader_of", is_leader_of)
    register_role_rows(
        RoleRows(
            sql=institution_roles_sql,
            params=lambda user: [user.pk],
            caches={StaffRole.HR: "_hr_institution_ids"},
            institution_role=True,
            models=(InstitutionStaff,),
        )
    )
