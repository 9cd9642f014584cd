"""Order pages, under /orders/ (config/urls.py)."""

from django.urls import path

from tamnong.orders import personal_data_views, views

urlpatterns = [
    path("new/", views.order_new, name="orders-new"),
    path("inbox/", views.inbox, name="orders-inbox"),
    path("personal-data/", personal_data_views.personal_data_page, name="orders-personal-data"),
    path("<str:token>/", views.order_status, name="orders-status"),
]
