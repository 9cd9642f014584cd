"""The orders API, under /api/v1/."""

from django.urls import path

from tamnong.orders import apis

urlpatterns = [
    path("orders/", apis.OrderCreateApi.as_view(), name="api-orders-create"),
    path("orders/inbox", apis.InboxApi.as_view(), name="api-orders-inbox"),
    path("orders/<int:pk>/status", apis.OrderStatusApi.as_view(), name="api-orders-status"),
    path("orders/<str:token>", apis.OrderDetailApi.as_view(), name="api-orders-detail"),
]
