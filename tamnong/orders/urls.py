"""Order pages, under /orders/ (config/urls.py)."""

from django.urls import path

from tamnong.orders import views

urlpatterns = [
    path("new/", views.order_new, name="orders-new"),
    path("inbox/", views.inbox, name="orders-inbox"),
    path("<str:token>/", views.order_status, name="orders-status"),
]
