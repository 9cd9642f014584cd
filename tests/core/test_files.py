"""Private by default: uploads other than approved product photos are sent only by /files/<kind>/<id>/
to the users their record lets read them, as downloads a browser cannot run; public photos carry no
metadata; a huge image is refused before it is decoded."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from tamnong.core.files import private_storage, public_storage
from tamnong.ntm.models import SelfAssessment
from tamnong.ocop.models import ProducerChange, Product
from tamnong.resources.models import Work, WorkPhoto

EVIL = b"<!doctype html><script>fetch('/api/v1/ocop/producers').then(r => r.text()).then(alert)</script>"


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _entry_form(commune="05080", on="2024-03-31"):
    sa = SelfAssessment.objects.get(commune__scheme="2020", commune__code=commune, on=on)
    data = {"on": on, "edition": sa.edition_id, "version": sa.version}
    for v in sa.values.all():
        data[f"v:{v.code}"] = {True: "có", False: "không"}.get(v.value, str(v.value).replace(".", ","))
    for a in sa.assessments.all():
        data[f"a:{a.criterion}"] = "1" if a.met else "0"
        data[f"e:{a.criterion}"] = a.evidence
    return sa, data


@pytest.fixture
def html_evidence(client, demo):
    """An officer of Huyện Kim Bôi attaches an HTML file as the evidence of Xã Sào Báy's indicator 3.1."""
    _login(client, "huyen.kimboi")
    sa, data = _entry_form()
    data["f:3.1"] = SimpleUploadedFile("bien-ban.html", EVIL, content_type="text/html")
    assert client.post("/ntm/2020/05080/entry/", data).status_code == 302
    client.logout()
    return sa.values.get(code="3.1")


def test_an_html_evidence_file_is_a_download_that_cannot_run(client, html_evidence):
    name = html_evidence.evidence.name
    assert name.startswith("evidence/") and private_storage().exists(name) and not public_storage().exists(name)
    response = _login(client, "xem.hoabinh").get(f"/files/ntm-evidence/{html_evidence.pk}/")  # a viewer in scope
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIL
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_the_entry_page_links_the_evidence_file_to_its_page(client, html_evidence):
    html = _login(client, "huyen.kimboi").get("/ntm/2020/05080/entry/", {"on": "2024-03-31"}).content.decode()
    assert f'href="/files/ntm-evidence/{html_evidence.pk}/" download data-evidence="3.1"' in html
    assert "/media/" not in html and html_evidence.evidence.name not in html


def test_a_private_file_is_refused_to_strangers_alike(client, html_evidence):
    url = f"/files/ntm-evidence/{html_evidence.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 404 and EVIL not in anonymous.content
    for stranger in ("thixa.kinhmon", "xa.namthuong"):  # another district; another commune of Kim Bôi
        refused = _login(client, stranger).get(url)
        assert refused.status_code == 404 and EVIL not in refused.content
        # a record that does not exist answers exactly the same
        assert _login(client, stranger).get("/files/ntm-evidence/999999/").status_code == 404
    assert client.get(f"/files/no-such-kind/{html_evidence.pk}/").status_code == 404


def test_a_private_file_has_no_media_address(client, html_evidence):
    name = html_evidence.evidence.name
    _login(client, "huyen.kimboi")
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/../private/{name}").status_code == 404
    with pytest.raises(ValueError):
        html_evidence.evidence.url  # noqa: B018 - a private file has no storage URL to leak into a page


def test_behind_nginx_the_proxy_sends_the_file_after_the_check(client, html_evidence, settings):
    settings.TAMNONG_PRIVATE_ACCEL_PREFIX = "/_private/"
    url = f"/files/ntm-evidence/{html_evidence.pk}/"
    assert client.get(url).status_code == 404 and "X-Accel-Redirect" not in client.get(url)
    response = _login(client, "huyen.kimboi").get(url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_private/{html_evidence.evidence.name}"
    assert response["Content-Type"] == "application/octet-stream" and response["Content-Disposition"].startswith(
        "attachment"
    )


def test_an_import_workbook_is_its_uploaders(client, demo):
    from tamnong.ntm.import_jobs import import_job_create
    from tamnong.places.models import AdminUnit

    officer = get_user_model().objects.get(username="huyen.kimboi")
    job = import_job_create(actor=officer, unit=AdminUnit.objects.get(scheme="2020", code="153"),
                            edition_id="ntm/commune-2021-2025", on=__import__("datetime").date(2024, 3, 31),
                            filename="Kim Bôi quý 1.csv", content=b"commune_code;3.1\n05068;90\n")  # fmt: skip
    url = f"/files/ntm-import/{job.pk}/"
    assert client.get(url).status_code == 404
    assert _login(client, "xem.hoabinh").get(url).status_code == 404  # in scope, but not the uploader
    mine = _login(client, "huyen.kimboi").get(url)
    assert mine.status_code == 200 and b"".join(mine.streaming_content).startswith(b"commune_code;3.1")
    assert mine["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=UTF-8''Kim%20B%C3%B4i%20qu%C3%BD%201.csv" in mine["Content-Disposition"]


def _gps_jpeg(name="buoi.jpg") -> SimpleUploadedFile:
    """A phone's photo: 40 × 20 pixels stored sideways (orientation 6), with its GPS position and XMP."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Điện thoại của chủ thể"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 5.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (105.0, 50.0, 10.0),
    })  # fmt: skip
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (40, 140, 40)).save(out, "JPEG", exif=exif, xmp=b"<x:xmpmeta>21.09N 105.84E</x:xmpmeta>")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _gps(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


def test_a_pending_photo_is_private_and_goes_public_without_its_metadata(client, demo):
    buoi = Product.objects.get(name="Bưởi Da xanh Nam Thượng")
    before = set(buoi.photos.values_list("pk", flat=True))
    _login(client, "chuthe.namthuong").post("/ocop/producer/", {"action": "product", "product": buoi.pk,
                                                                 "photo": _gps_jpeg()})  # fmt: skip
    change = ProducerChange.objects.get(product=buoi, status="pending")
    url = f"/files/ocop-change/{change.pk}/"
    # Waiting: private, for the producer and the office only; nothing public yet.
    assert (
        not public_storage().exists(change.photo.name) and client.get(f"/media/{change.photo.name}").status_code == 404
    )
    assert set(buoi.photos.values_list("pk", flat=True)) == before
    sent = client.get(url)  # the producer sees the photo it sent, as it sent it
    assert sent.status_code == 200 and sent["Content-Type"] == "image/jpeg"
    assert _gps(b"".join(sent.streaming_content))[ExifTags.GPS.GPSLatitudeRef] == "N"
    client.logout()
    assert client.get(url).status_code == 404
    assert _login(client, "thixa.kinhmon").get(url).status_code == 404
    _login(client, "tinh.hoabinh")  # the province office moderates
    assert f'src="{url}"' in client.get("/ocop/moderation/").content.decode()
    assert client.post("/ocop/moderation/", {"change": change.pk, "action": "approve"}).status_code == 302
    # Approved: a public copy, upright, with no EXIF, GPS, XMP or ICC; the original stays private.
    [photo] = buoi.photos.exclude(pk__in=before)
    assert photo.image.name.startswith("ocop/products/") and photo.image.name.endswith(".jpg")
    client.logout()
    public = client.get(photo.image.url)
    assert public.status_code == 200 and public["Content-Type"] == "image/jpeg"
    assert public["X-Content-Type-Options"] == "nosniff"
    data = b"".join(public.streaming_content)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (20, 40)  # the orientation applied
        assert len(image.getexif()) == 0 and not _gps(data)
        assert not {"exif", "xmp", "icc_profile"} & set(image.info)
    assert b"105.84E" not in data and "Điện thoại".encode() not in data
    assert private_storage().exists(change.photo.name) and client.get(url).status_code == 404


def _huge_png() -> SimpleUploadedFile:
    """12,000 × 12,000 pixels (144 megapixels) in a file of a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 100_000
    return SimpleUploadedFile("mat-duong.png", out.getvalue(), content_type="image/png")


def _stored_works() -> int:
    storage = private_storage()
    years = storage.listdir("resources/works")[0] if storage.exists("resources/works") else []
    return sum(len(storage.listdir(f"resources/works/{y}")[1]) for y in years)


def test_a_144_megapixel_photo_is_refused_before_it_is_decoded_and_nothing_is_saved(client, demo):
    work = Work.objects.filter(commune__code="04990").first()
    photos, stored = WorkPhoto.objects.count(), _stored_works()
    _login(client, "huyen.kimboi")
    response = client.post(
        f"/resources/works/{work.pk}/", {"action": "photo", "photo": _huge_png(), "caption": "Mặt đường"}
    )
    html = response.content.decode()
    assert 'id="work-errors"' in html
    assert "Ảnh «mat-duong.png» có 144 megapixel; tối đa 40 megapixel: hãy thu nhỏ ảnh rồi gửi lại." in html
    assert WorkPhoto.objects.count() == photos
    assert _stored_works() == stored
    buoi = Product.objects.get(name="Bưởi Da xanh Nam Thượng")
    _login(client, "chuthe.namthuong")
    refused = client.post("/ocop/producer/", {"action": "product", "product": buoi.pk, "photo": _huge_png()})
    assert "144 megapixel" in refused.content.decode()
    assert not ProducerChange.objects.filter(product=buoi).exists()


def test_photos_of_works_are_shown_to_the_communes_readers_only(client, demo):
    work = Work.objects.filter(commune__code="04990").first()
    _login(client, "huyen.kimboi")
    png = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 180, 40)).save(png, "PNG")
    client.post(
        f"/resources/works/{work.pk}/", {"action": "photo", "photo": SimpleUploadedFile("a.png", png.getvalue())}
    )
    photo = work.photos.get()
    url = f"/files/works-photo/{photo.pk}/"
    assert f'<img src="{url}"' in client.get(f"/resources/works/{work.pk}/").content.decode()
    assert client.get(url)["Content-Type"] == "image/png"
    assert client.get(f"/media/{photo.image.name}").status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert _login(client, "thixa.kinhmon").get(url).status_code == 404
