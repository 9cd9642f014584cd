from tamnong.core.actors import is_system
from tamnong.core.models import AuditEvent


def audit_event_record(
    *, actor, action: str, target, before=None, after=None, unit=None, rule: str = ""
) -> AuditEvent:
    """Record one state change. Called inside the service's transaction. The services that check
    their authority record through tamnong.accounts.authority.audit (with the unit and the rule)."""
    system = is_system(actor)
    return AuditEvent.objects.create(
        actor=actor if not system and actor is not None and actor.is_authenticated else None,
        by_system=system,
        unit=unit,
        rule=rule,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        before=before,
        after=after,
    )
