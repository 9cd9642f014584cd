"""The resources API, under /api/v1/."""

from django.urls import path

from tamnong.resources import apis

urlpatterns = [
    path("resources/summary", apis.SummaryApi.as_view(), name="api-resources-summary"),
    path("resources/work-types", apis.WorkTypesApi.as_view(), name="api-resources-work-types"),
    path("resources/works", apis.WorkListApi.as_view(), name="api-resources-works"),
    path("resources/works/<int:pk>", apis.WorkDetailApi.as_view(), name="api-resources-work"),
    path(
        "resources/works/<int:pk>/disbursements",
        apis.WorkDisbursementsApi.as_view(),
        name="api-resources-work-disbursements",
    ),
    path("resources/contributions", apis.ContributionListApi.as_view(), name="api-resources-contributions"),
    path("resources/contributions/<int:pk>", apis.ContributionDetailApi.as_view(), name="api-resources-contribution"),
]
