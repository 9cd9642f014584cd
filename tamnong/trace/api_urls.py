"""The traceability API, under /api/v1/."""

from django.urls import path

from tamnong.trace import apis

urlpatterns = [
    path("trace/lots", apis.LotListApi.as_view(), name="api-trace-lots"),
    path("trace/lots/<int:pk>", apis.LotDetailApi.as_view(), name="api-trace-lot"),
    path("trace/lots/<int:pk>/epcis", apis.LotEpcisApi.as_view(), name="api-trace-lot-epcis"),
    path("trace/lots/<int:pk>/events", apis.LotEventsApi.as_view()),
    path("trace/lots/<int:pk>/stamps", apis.LotStampsApi.as_view()),
    path("trace/lots/<int:pk>/stamps/void", apis.LotStampsVoidApi.as_view()),
    path("trace/events/<int:pk>/void", apis.EventVoidApi.as_view()),
    path("trace/epcis", apis.EpcisCaptureApi.as_view(), name="api-trace-epcis"),
]
