"""The catalog API, under /api/v1/."""

from django.urls import path

from tamnong.catalog import apis

urlpatterns = [
    path("catalog/products", apis.CatalogProductsApi.as_view(), name="api-catalog-products"),
]
