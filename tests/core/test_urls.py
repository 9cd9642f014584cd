"""One URL shape: each app wires its own pages (`urls.py`) and API (`api_urls.py`); the project URLconf only
includes them. Every path and name that existed before the move still reverses and resolves to the same view."""

import importlib
from pathlib import Path

import pytest
from django.urls import URLResolver, resolve, reverse

from config import urls as project_urls

ROOT = Path(__file__).resolve().parents[2]

# The only entries of the project URLconf that are not an app's URLconf, and why.
FRAMEWORK_INCLUDES = {
    "django.conf.urls.i18n": "Django's language switch (set_language), not a page of any app",
    "admin": "Django's admin site, which wires its own URLs from the registered models",
}

NAMED = [
    ("home", {}, "/"),
    ("healthz", {}, "/healthz"),
    ("background-import", {"pk": 7}, "/imports/7/"),
    ("set_language", {}, "/i18n/setlang/"),
    ("unit-browser", {}, "/units/"),
    ("unit-detail", {"scheme": "x", "code": "x"}, "/units/x/x/"),
    ("criteria-browser", {}, "/criteria/"),
    ("criteria-versions", {}, "/criteria/versions/"),
    ("criteria-version", {"pk": 7}, "/criteria/versions/7/"),
    ("criteria-version-xlsx", {"pk": 7}, "/criteria/versions/7/thresholds.xlsx"),
    ("criteria-version-yaml", {"pk": 7}, "/criteria/versions/7/yaml.zip"),
    ("criteria-version-action", {"pk": 7, "action": "x"}, "/criteria/versions/7/x"),
    ("ntm-home", {}, "/ntm/"),
    ("ocop-home", {}, "/ocop/"),
    ("ocop-producer", {}, "/ocop/producer/"),
    ("ocop-registrations", {}, "/ocop/registrations/"),
    ("ocop-queue", {}, "/ocop/queue/"),
    ("ocop-moderation", {}, "/ocop/moderation/"),
    ("ocop-import", {}, "/ocop/import/"),
    ("ocop-import-template", {}, "/ocop/import/template.xlsx"),
    ("ocop-entry-score", {"pk": 7}, "/ocop/entries/7/"),
    ("ocop-certificate-pdf", {"pk": 7}, "/ocop/certificates/7.pdf"),
    ("ocop-unit", {"scheme": "x", "code": "x"}, "/ocop/x/x/"),
    ("ocop-unit-xlsx", {"scheme": "x", "code": "x"}, "/ocop/x/x/products.xlsx"),
    ("orders-new", {}, "/orders/new/"),
    ("orders-inbox", {}, "/orders/inbox/"),
    ("orders-personal-data", {}, "/orders/personal-data/"),
    ("orders-status", {"token": "x"}, "/orders/x/"),
    ("resources-work-new", {}, "/resources/works/new/"),
    ("resources-work", {"pk": 7}, "/resources/works/7/"),
    ("resources-work-edit", {"pk": 7}, "/resources/works/7/edit/"),
    ("resources-contribution-new", {}, "/resources/contributions/new/"),
    ("resources-contribution-delete", {"pk": 7}, "/resources/contributions/7/delete/"),
    ("resources-import", {}, "/resources/import/"),
    ("resources-import-template", {}, "/resources/import/template.xlsx"),
    ("resources-unit", {"scheme": "x", "code": "x"}, "/resources/x/x/"),
    ("resources-panel", {"scheme": "x", "code": "x"}, "/resources/x/x/panel/"),
    ("resources-xlsx", {"scheme": "x", "code": "x"}, "/resources/x/x/works.xlsx"),
    ("resources-commune-works", {"scheme": "x", "code": "x"}, "/resources/x/x/by-criterion/"),
    ("resources-criterion", {"scheme": "x", "code": "x", "number": "x"}, "/resources/x/x/criteria/x/"),
    ("recognition-home", {}, "/recognition/"),
    ("recognition-dossier", {"pk": 7}, "/recognition/dossiers/7/"),
    ("recognition-history-export", {"pk": 7, "fmt": "x"}, "/recognition/dossiers/7/history.x"),
    ("recognition-register", {"scheme": "x", "code": "x"}, "/recognition/register/x/x/"),
    ("recognition-notices", {}, "/recognition/notices/"),
    ("recognition-decisions", {}, "/recognition/decisions/"),
    ("recognition-decisions-export", {"fmt": "x"}, "/recognition/decisions/export.x"),
    ("recognition-decision-new", {}, "/recognition/decisions/new/"),
    ("recognition-communes-suggest", {}, "/recognition/decisions/communes/"),
    ("recognition-decisions-import", {}, "/recognition/decisions/import/"),
    ("recognition-decisions-template", {}, "/recognition/decisions/import/template.xlsx"),
    ("catalog", {}, "/catalog/"),
    ("catalog-product-id", {"pk": 7}, "/catalog/7/"),
    ("catalog-product", {"pk": 7, "slug": "s"}, "/catalog/7-s/"),
    ("catalog-producer", {"pk": 7}, "/catalog/producers/7/"),
    ("catalog-feed", {"fmt": "x"}, "/catalog/feed.x"),
    ("catalog-dataset", {"fmt": "x"}, "/catalog/dataset.x"),
    ("catalog-open-data", {}, "/catalog/open-data/"),
    ("sitemap", {}, "/sitemap.xml"),
    ("trace-lots", {}, "/trace/"),
    ("trace-lot", {"pk": 7}, "/trace/lots/7/"),
    ("trace-stamps-pdf", {"pk": 7}, "/trace/lots/7/stamps.pdf"),
    ("trace-stamp-image", {"serial": "x", "kind": "x"}, "/trace/stamps/x.x"),
    ("trace-scans", {}, "/trace/scans/"),
    ("trace-place", {"scheme": "x", "code": "x"}, "/places/vn-x/x"),
    ("ntm-import", {}, "/ntm/import/"),
    ("ntm-import-template", {"fmt": "x"}, "/ntm/import/template/x/"),
    ("ntm-import-job", {"pk": 7}, "/ntm/import/jobs/7/"),
    ("ntm-import-job-apply", {"pk": 7}, "/ntm/import/jobs/7/apply/"),
    ("ntm-unit", {"scheme": "x", "code": "x"}, "/ntm/x/x/"),
    ("ntm-entry", {"scheme": "x", "code": "x"}, "/ntm/x/x/entry/"),
    ("ntm-boundaries", {"scheme": "x", "code": "x"}, "/ntm/x/x/boundaries.geojson"),
    ("ntm-entry-preview", {"scheme": "x", "code": "x"}, "/ntm/x/x/entry/preview"),
    ("unit-groups", {}, "/groups/"),
    ("unit-groups-figure", {}, "/groups/figure"),
    ("unit-groups-areas-template", {}, "/groups/areas-template.xlsx"),
    ("unit-groups-proposal", {"pk": 7}, "/groups/proposals/7/"),
    ("unit-groups-province", {"attribute": "x", "scheme": "x", "code": "x"}, "/groups/x/x/x/"),
    ("unit-groups-xlsx", {"attribute": "x", "scheme": "x", "code": "x"}, "/groups/x/x/x/groups.xlsx"),
    ("unit-groups-upload", {"attribute": "x", "scheme": "x", "code": "x"}, "/groups/x/x/x/upload"),
    ("unit-groups-areas", {"attribute": "x", "scheme": "x", "code": "x"}, "/groups/x/x/x/areas"),
    ("login", {}, "/accounts/login/"),
    ("login-code", {}, "/accounts/login/code/"),
    ("second-factor", {}, "/accounts/second-factor/"),
    ("api-tokens", {}, "/accounts/tokens/"),
    ("roles-carry-over", {}, "/accounts/carry-over/"),
    ("audit-log", {}, "/accounts/audit/"),
    ("audit-log-csv", {}, "/accounts/audit/events.csv"),
    ("report-ntm", {"scheme": "x", "code": "x"}, "/reports/ntm/x/x/"),
    ("api-orders-create", {}, "/api/v1/orders/"),
    ("api-orders-inbox", {}, "/api/v1/orders/inbox"),
    ("api-orders-status", {"pk": 7}, "/api/v1/orders/7/status"),
    ("api-orders-detail", {"token": "x"}, "/api/v1/orders/x"),
    ("api-resources-summary", {}, "/api/v1/resources/summary"),
    ("api-resources-work-types", {}, "/api/v1/resources/work-types"),
    ("api-resources-works", {}, "/api/v1/resources/works"),
    ("api-resources-work", {"pk": 7}, "/api/v1/resources/works/7"),
    ("api-resources-work-disbursements", {"pk": 7}, "/api/v1/resources/works/7/disbursements"),
    ("api-resources-contributions", {}, "/api/v1/resources/contributions"),
    ("api-resources-contribution", {"pk": 7}, "/api/v1/resources/contributions/7"),
    ("api-recognition-dossiers", {}, "/api/v1/recognition/dossiers"),
    ("api-recognition-dossier", {"pk": 7}, "/api/v1/recognition/dossiers/7"),
    ("api-recognition-transition", {"pk": 7}, "/api/v1/recognition/dossiers/7/transitions"),
    ("api-recognition-register", {}, "/api/v1/recognition/register"),
    ("api-unit-list", {}, "/api/v1/units"),
    ("api-unit-detail", {"scheme": "x", "code": "x"}, "/api/v1/units/x/x"),
    ("api-edition-list", {}, "/api/v1/criteria/editions"),
    ("api-edition-detail", {"edition_id": "a/b"}, "/api/v1/criteria/editions/a/b"),
    ("api-criteria-versions", {}, "/api/v1/criteria/versions"),
    ("api-criteria-version", {"pk": 7}, "/api/v1/criteria/versions/7"),
    ("api-evaluate", {}, "/api/v1/evaluate"),
    ("api-ntm-summary", {}, "/api/v1/ntm/summary"),
    ("api-ocop-summary", {}, "/api/v1/ocop/summary"),
    ("api-trace-lots", {}, "/api/v1/trace/lots"),
    ("api-trace-lot", {"pk": 7}, "/api/v1/trace/lots/7"),
    ("api-trace-lot-epcis", {"pk": 7}, "/api/v1/trace/lots/7/epcis"),
    ("api-trace-epcis", {}, "/api/v1/trace/epcis"),
    ("api-catalog-products", {}, "/api/v1/catalog/products"),
    ("api-ntm-self-assessments", {}, "/api/v1/ntm/self-assessments"),
    ("api-schema", {}, "/api/schema/"),
    ("api-docs", {}, "/api/docs/"),
    ("private-file", {"kind": "s", "pk": 7}, "/files/s/7/"),
]

UNNAMED = [
    ("/api/v1/criteria/versions/7/changes", "tamnong.criteria.apis.CriteriaVersionChangesApi"),
    ("/api/v1/criteria/versions/7/indicators", "tamnong.criteria.apis.CriteriaVersionIndicatorsApi"),
    ("/api/v1/criteria/versions/7/submit", "tamnong.criteria.apis.CriteriaVersionSubmitApi"),
    ("/api/v1/criteria/versions/7/review", "tamnong.criteria.apis.CriteriaVersionReviewApi"),
    ("/api/v1/criteria/versions/7/files", "tamnong.criteria.apis.CriteriaVersionFilesApi"),
    ("/api/v1/ocop/producers", "tamnong.ocop.apis.ProducerListApi"),
    ("/api/v1/ocop/products", "tamnong.ocop.apis.ProductListApi"),
    ("/api/v1/ocop/producers/7", "tamnong.ocop.apis.ProducerDetailApi"),
    ("/api/v1/ocop/producers/7/publish-contact", "tamnong.ocop.apis.ProducerPublishContactApi"),
    ("/api/v1/ocop/rounds", "tamnong.ocop.apis.RoundListApi"),
    ("/api/v1/ocop/rounds/7", "tamnong.ocop.apis.RoundDetailApi"),
    ("/api/v1/ocop/registrations", "tamnong.ocop.apis.RegistrationListApi"),
    ("/api/v1/ocop/registrations/7/withdraw", "tamnong.ocop.apis.RegistrationWithdrawApi"),
    ("/api/v1/ocop/registrations/7/precheck", "tamnong.ocop.apis.RegistrationPrecheckApi"),
    ("/api/v1/ocop/certificates/7/revoke", "tamnong.ocop.apis.CertificateRevokeApi"),
    ("/api/v1/ocop/entries/7/scores", "tamnong.ocop.apis.EntryScoreApi"),
    ("/api/v1/ocop/entries/7/certificate", "tamnong.ocop.apis.EntryCertificateApi"),
    ("/api/v1/trace/lots/7/events", "tamnong.trace.apis.LotEventsApi"),
    ("/api/v1/trace/lots/7/stamps", "tamnong.trace.apis.LotStampsApi"),
    ("/api/v1/trace/lots/7/stamps/void", "tamnong.trace.apis.LotStampsVoidApi"),
    ("/api/v1/trace/events/7/void", "tamnong.trace.apis.EventVoidApi"),
    ("/01/08930000000011/10/L1", "tamnong.trace.views.resolver"),
    ("/p/x", "tamnong.trace.views.resolver"),
    ("/media/products/a.jpg", "tamnong.core.files.public_media"),
]


def _included(entry) -> str:
    assert isinstance(entry, URLResolver), f"{entry!r} is wired in config/urls.py; put it in its app's urls.py"
    module = entry.urlconf_module
    if isinstance(module, list | tuple):  # admin.site.urls
        return "admin"
    return module.__name__


def test_the_project_urlconf_only_includes_app_urlconfs():
    used = set()
    for entry in project_urls.urlpatterns:
        name = _included(entry)
        if name in FRAMEWORK_INCLUDES:
            used.add(name)
            continue
        parts = name.split(".")
        assert len(parts) == 3 and parts[0] == "tamnong" and parts[2] in ("urls", "api_urls"), name
        expected_prefix = "api/v1/" if parts[2] == "api_urls" else ""
        assert str(entry.pattern) == expected_prefix, f"{name} is included at {entry.pattern}"
    assert used == set(FRAMEWORK_INCLUDES), f"unused allowance: {set(FRAMEWORK_INCLUDES) - used}"


def test_every_app_with_views_or_apis_has_its_urlconf_and_it_is_included():
    included = {_included(entry) for entry in project_urls.urlpatterns}
    for app in sorted(p for p in (ROOT / "tamnong").iterdir() if (p / "apps.py").exists()):
        has_views = (app / "views.py").exists() or any(app.glob("*_views.py"))
        if has_views:
            assert f"tamnong.{app.name}.urls" in included, f"tamnong/{app.name} has views but no included urls.py"
        if (app / "apis.py").exists() and any("APIView" in line for line in (app / "apis.py").open()):
            assert f"tamnong.{app.name}.api_urls" in included, f"tamnong/{app.name} has APIs but no api_urls.py"


def test_no_other_module_declares_urlpatterns():
    for module in sorted((ROOT / "tamnong").rglob("*.py")):
        if module.name in ("urls.py", "api_urls.py"):
            continue
        assert "urlpatterns" not in module.read_text(encoding="utf-8"), module.relative_to(ROOT)


@pytest.mark.parametrize(("name", "kwargs", "url"), NAMED)
def test_every_name_reverses_to_the_same_path(name, kwargs, url):
    assert reverse(name, kwargs=kwargs) == url


@pytest.mark.parametrize(("url", "view"), UNNAMED)
def test_every_unnamed_path_resolves_to_the_same_view(url, view):
    match = resolve(url)
    callback = getattr(match.func, "view_class", match.func)
    assert f"{callback.__module__}.{callback.__qualname__}" == view


def test_the_app_urlconfs_import_on_their_own():
    for entry in project_urls.urlpatterns:
        name = _included(entry)
        if name.startswith("tamnong."):
            assert importlib.import_module(name).urlpatterns
