"""The orders API, under /api/v1/orders/ (config/urls.py)."""

from django.urls import path

from tamnong.orders import apis

urlpatterns = [
    path("", apis.OrderCreateApi.as_view(), name="api-orders-create"),
    path("inbox", apis.InboxApi.as_view(), name="api-orders-inbox"),
    path("<int:pk>/status", apis.OrderStatusApi.as_view(), name="api-orders-status"),
    path("<str:token>", apis.OrderDetailApi.as_view(), name="api-orders-detail"),
]
