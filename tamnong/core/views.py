from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from drf_spectacular.views import SpectacularSwaggerSplitView


@never_cache
def healthz(request):
    """Liveness and readiness: the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


# Swagger UI (from the installed sidecar): its start-up script is a separate file (the split view), and
# it writes <style> elements of its own, so this page alone allows inline styles (never inline script).
api_docs = csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))
