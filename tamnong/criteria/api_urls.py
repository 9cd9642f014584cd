from django.urls import path

from tamnong.criteria import apis

urlpatterns = [
    path("editions", apis.EditionListApi.as_view(), name="api-edition-list"),
    path("editions/<path:edition_id>", apis.EditionDetailApi.as_view(), name="api-edition-detail"),
    path("versions", apis.CriteriaVersionListApi.as_view(), name="api-criteria-versions"),
    path("versions/<int:pk>", apis.CriteriaVersionApi.as_view(), name="api-criteria-version"),
    path("versions/<int:pk>/changes", apis.CriteriaVersionChangesApi.as_view()),
    path("versions/<int:pk>/indicators", apis.CriteriaVersionIndicatorsApi.as_view()),
    path("versions/<int:pk>/submit", apis.CriteriaVersionSubmitApi.as_view()),
    path("versions/<int:pk>/review", apis.CriteriaVersionReviewApi.as_view()),
    path("versions/<int:pk>/files", apis.CriteriaVersionFilesApi.as_view()),
]
