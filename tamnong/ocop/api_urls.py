"""The OCOP API, under /api/v1/."""

from django.urls import path

from tamnong.ocop import apis

urlpatterns = [
    path("ocop/summary", apis.OcopSummaryApi.as_view(), name="api-ocop-summary"),
    path("ocop/producers", apis.ProducerListApi.as_view()),
    path("ocop/products", apis.ProductListApi.as_view()),
    path("ocop/producers/<int:pk>", apis.ProducerDetailApi.as_view()),
    path("ocop/producers/<int:pk>/publish-contact", apis.ProducerPublishContactApi.as_view()),
    path("ocop/rounds", apis.RoundListApi.as_view()),
    path("ocop/rounds/<int:pk>", apis.RoundDetailApi.as_view()),
    path("ocop/registrations", apis.RegistrationListApi.as_view()),
    path("ocop/registrations/<int:pk>/withdraw", apis.RegistrationWithdrawApi.as_view()),
    path("ocop/registrations/<int:pk>/precheck", apis.RegistrationPrecheckApi.as_view()),
    path("ocop/certificates/<int:pk>/revoke", apis.CertificateRevokeApi.as_view()),
    path("ocop/entries/<int:pk>/scores", apis.EntryScoreApi.as_view()),
    path("ocop/entries/<int:pk>/certificate", apis.EntryCertificateApi.as_view()),
]
