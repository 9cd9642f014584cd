import json

import pytest
from django.contrib.auth import get_user_model

from tamnong.accounts import authority
from tamnong.accounts.services import boundary_set_upload
from tamnong.core.errors import DomainError
from tamnong.places.models import BoundarySet

pytestmark = pytest.mark.usefixtures("units")

SQUARE = {"type": "Polygon", "coordinates": [[[105.5, 20.7], [105.6, 20.7], [105.6, 20.8], [105.5, 20.7]]]}


def _geojson(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _feature(code, geometry=SQUARE):
    return {"type": "Feature", "properties": {"ma_xa": code}, "geometry": geometry}


def test_uploaded_boundaries_are_served_for_the_units_inside(client, db):
    admin = get_user_model().objects.create_superuser("gis", password="x")
    boundary_set_upload(
        scheme="2020", level=3, code_property="ma_xa", source="Sở TN&MT (thử nghiệm)", actor=admin,
        data=_geojson(_feature("5068"), _feature("05080"), _feature("10678")),
    )  # fmt: skip
    kim_boi = client.get("/ntm/2020/153/boundaries.geojson").json()
    assert sorted(f["properties"]["code"] for f in kim_boi["features"]) == ["05068", "05080"]
    assert client.get("/ntm/2020/292/boundaries.geojson").json()["features"][0]["properties"]["code"] == "10678"


@pytest.mark.parametrize(
    ("features", "message"),
    [
        ([_feature("99999")], "mã 99999 không có trong danh mục 2020"),
        ([{"type": "Feature", "properties": {}, "geometry": SQUARE}], "không có thuộc tính «ma_xa»"),
        ([_feature("05068", {"type": "Point", "coordinates": [105.5, 20.7]})], "không có hình đa giác"),
    ],
)
def test_a_bad_feature_stores_nothing(db, features, message):
    with pytest.raises(DomainError, match=message):
        boundary_set_upload(scheme="2020", level=3, code_property="ma_xa", source="x", data=_geojson(*features),
                            actor=authority.SYSTEM)  # fmt: skip
    assert not BoundarySet.objects.exists()


def test_no_boundaries_is_an_empty_collection(client, db):
    assert client.get("/ntm/2020/153/boundaries.geojson").json() == {"type": "FeatureCollection", "features": []}
