"""Order pages."""

from django.urls import path

from tamnong.orders import personal_data_views, views

urlpatterns = [
    path("orders/new/", views.order_new, name="orders-new"),
    path("orders/inbox/", views.inbox, name="orders-inbox"),
    path("orders/personal-data/", personal_data_views.personal_data_page, name="orders-personal-data"),
    path("orders/<str:token>/", views.order_status, name="orders-status"),
]
