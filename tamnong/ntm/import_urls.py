from django.urls import path  # noqa: F401 - the import views are added here

urlpatterns: list = []
