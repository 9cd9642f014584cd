"""The public catalog, its feeds and open data, and the sitemap."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from tamnong.catalog import views

urlpatterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/<int:pk>/", views.product, name="catalog-product-id"),
    path("catalog/<int:pk>-<slug:slug>/", views.product, name="catalog-product"),
    path("catalog/producers/<int:pk>/", views.storefront, name="catalog-producer"),
    path("catalog/feed.<str:fmt>", views.feed, name="catalog-feed"),
    path("catalog/dataset.<str:fmt>", views.dataset, name="catalog-dataset"),
    path("catalog/open-data/", views.open_data, name="catalog-open-data"),
    path("sitemap.xml", sitemap, {"sitemaps": views.SITEMAPS}, name="sitemap"),
]
