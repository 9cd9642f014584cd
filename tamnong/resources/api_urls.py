"""The resources API, under /api/v1/resources/ (config/urls.py)."""

from django.urls import path

from tamnong.resources import apis

urlpatterns = [
    path("summary", apis.SummaryApi.as_view(), name="api-resources-summary"),
    path("work-types", apis.WorkTypesApi.as_view(), name="api-resources-work-types"),
    path("works", apis.WorkListApi.as_view(), name="api-resources-works"),
    path("works/<int:pk>", apis.WorkDetailApi.as_view(), name="api-resources-work"),
    path("works/<int:pk>/disbursements", apis.WorkDisbursementsApi.as_view(), name="api-resources-work-disbursements"),
    path("contributions", apis.ContributionListApi.as_view(), name="api-resources-contributions"),
    path("contributions/<int:pk>", apis.ContributionDetailApi.as_view(), name="api-resources-contribution"),
]
