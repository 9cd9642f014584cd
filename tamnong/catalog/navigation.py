"""The public pages in the navigation (tamnong.core.navigation): the OCOP catalog and its open data."""

from django.utils.translation import gettext_lazy

from tamnong.core import navigation

navigation.entry("catalog", gettext_lazy("OCOP catalog"), "catalog", order=10)
navigation.entry("catalog", gettext_lazy("Open data"), "catalog-open-data", order=20)
