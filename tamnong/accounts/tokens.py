"""Named API tokens: made, looked up and revoked here (views and the DRF class stay thin)."""

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tamnong.accounts.models import ApiToken
from tamnong.core import clock
from tamnong.core.errors import DomainError
from tamnong.core.services import audit_event_record

PREFIX = "tn_"
# A used token's time is written at most once a minute, so that a busy machine does not write on every call.
LAST_USED_STEP_SECONDS = 60


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` and its key, which is never stored and never shown again."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the token a name (for example: the province's report server)."), field="name")
    if len(name) > 80:
        raise DomainError(_("The token's name is longer than 80 characters."), field="name")
    if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise DomainError(_("A token named “%(name)s” is already in use."), {"name": name}, field="name")
    key = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[:10], key_hash=_hash(key), created_at=clock.now()
        )
        audit_event_record(actor=user, action="api_token_create", target=token, after={"name": name})
    return token, key


def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        with transaction.atomic():
            token.revoked_at = clock.now()
            token.save(update_fields=["revoked_at"])
            audit_event_record(actor=actor, action="api_token_revoke", target=token, after={"name": token.name})
    return token


def token_user(key: str):
    """(user, token) for a key in force, or None: unknown, revoked, or its user is inactive."""
    if not key.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= LAST_USED_STEP_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user, token
