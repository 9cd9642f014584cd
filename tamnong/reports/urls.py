from django.urls import path  # noqa: F401 - the report views are added here

urlpatterns: list = []
