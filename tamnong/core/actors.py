"""The system actor: Tamnông's own jobs (management commands, the demo loader, scheduled jobs) act
under it, explicitly. It is not a user: an audit event of the system has no user and says so."""


class SystemActor:
    """Passed as `actor` by code that acts for Tamnông itself; never None."""

    is_system = True
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = None
    id = None
    username = "system"

    def __str__(self) -> str:
        return "hệ thống Tamnông"

    def __repr__(self) -> str:
        return "SYSTEM"

    def __eq__(self, other) -> bool:
        return isinstance(other, SystemActor)

    def __hash__(self) -> int:
        return hash("tamnong-system-actor")


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def user_of(actor):
    """The user to keep in a record's "by" field: None for the system (the audit event says who)."""
    return None if is_system(actor) else actor
