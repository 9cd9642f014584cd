"""The API's machine login: `Authorization: Bearer <token>` with a named, revocable token."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from tamnong.accounts.tokens import token_user


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("The Authorization header must be “Bearer” followed by one token."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("This API token is unknown or was revoked.")) from exc
        found = token_user(key)
        if found is None:
            raise AuthenticationFailed(_("This API token is unknown or was revoked."))
        return found

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document (and Swagger UI's "Authorize") describes the token."""

    target_class = BearerTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Khoá API có tên, tạo và thu hồi tại /accounts/tokens/ (A named API token, made and revoked at /accounts/tokens/).",
        }
