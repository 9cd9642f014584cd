from tamnong.core.models import AuditEvent


def audit_event_record(*, actor, action: str, target, before=None, after=None) -> AuditEvent:
    """Record one state change. Called inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        before=before,
        after=after,
    )
