"""The evaluation and NTM API, under /api/v1/."""

from django.urls import path

from tamnong.ntm import apis

urlpatterns = [
    path("evaluate", apis.EvaluateApi.as_view(), name="api-evaluate"),
    path("ntm/summary", apis.NtmSummaryApi.as_view(), name="api-ntm-summary"),
    path("ntm/self-assessments", apis.SelfAssessmentListApi.as_view(), name="api-ntm-self-assessments"),
]
