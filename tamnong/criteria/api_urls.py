"""The criteria API, under /api/v1/: editions and criteria versions."""

from django.urls import path

from tamnong.criteria import apis

urlpatterns = [
    path("criteria/editions", apis.EditionListApi.as_view(), name="api-edition-list"),
    path("criteria/editions/<path:edition_id>", apis.EditionDetailApi.as_view(), name="api-edition-detail"),
    path("criteria/versions", apis.CriteriaVersionListApi.as_view(), name="api-criteria-versions"),
    path("criteria/versions/<int:pk>", apis.CriteriaVersionApi.as_view(), name="api-criteria-version"),
    path("criteria/versions/<int:pk>/changes", apis.CriteriaVersionChangesApi.as_view()),
    path("criteria/versions/<int:pk>/indicators", apis.CriteriaVersionIndicatorsApi.as_view()),
    path("criteria/versions/<int:pk>/submit", apis.CriteriaVersionSubmitApi.as_view()),
    path("criteria/versions/<int:pk>/review", apis.CriteriaVersionReviewApi.as_view()),
    path("criteria/versions/<int:pk>/files", apis.CriteriaVersionFilesApi.as_view()),
]
