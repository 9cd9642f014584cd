"""A commune of today's list shows, among the facts of its unit page, the recognition it holds: its own,
or the status it inherits from the communes merged into it (docs/legal/regulations.md#s7.4), labelled as the NTM
dashboards label it (one rule, tamnong.ntm.latest), with a link to its NTM page; nothing when there is
no status to show, nor on a unit that is not a commune of today's list."""

import datetime as dt
import re

import pytest
from django.test import Client

from tamnong.ntm.models import Recognition
from tamnong.places.models import AdminUnit, Level

pytestmark = pytest.mark.usefixtures("demo")

HOP_KIM = "/units/2025-07/05068/"  # Kim Lập + Nam Thượng + Sào Báy of Kim Bôi (2020)


def _fact(html: str) -> str:
    match = re.search(r'<dd id="unit-recognition">(.*?)</dd>', html, re.S)
    return match[1] if match else ""


def _page(url: str, lang: str = "vi") -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE=lang).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _recognise_kim_lap():
    Recognition.objects.create(commune=AdminUnit.objects.get(scheme="2020", code="05035"), tier="standard",
                               decision_number="1/QĐ-UBND", decision_date=dt.date(2024, 12, 20))  # fmt: skip


def test_a_new_commune_whose_merged_communes_were_all_recognised_shows_the_inherited_status():
    _recognise_kim_lap()
    fact = _fact(_page(HOP_KIM))
    assert '<span class="tag met">Xã đạt chuẩn nông thôn mới</span>' in fact
    assert "Kế thừa từ Xã Kim Lập, Xã Nam Thượng, Xã Sào Báy: xã đạt chuẩn nông thôn mới" in fact
    assert 'href="/ntm/2025-07/05068/"' in fact and "Trang nông thôn mới của xã" in fact
    english = _fact(_page(HOP_KIM, "en"))
    assert "Inherited from" in english and "The commune&#x27;s NTM page" in english


def test_a_mix_of_recognised_and_unrecognised_communes_is_to_be_reviewed_not_inherited():
    # the demo: Nam Thượng and Sào Báy recognised, Kim Lập not
    fact = _fact(_page(HOP_KIM))
    assert "Cần xét, công nhận lại" in fact and "Xã Kim Lập: chưa được công nhận" in fact
    assert 'class="tag met"' not in fact  # no level is shown as held
    assert 'href="/ntm/2025-07/05068/"' in fact


def test_a_commune_with_no_recognition_behind_it_shows_none():
    kim_boi_2020 = AdminUnit.objects.filter(scheme="2020", parent__code="153")
    Recognition.objects.filter(commune__in=kim_boi_2020).delete()
    html = _page(HOP_KIM)
    assert 'id="unit-recognition"' not in html
    assert "Kế thừa" not in html and "Cần xét" not in html and "đạt chuẩn nông thôn mới" not in html


def test_only_a_rural_commune_of_todays_list_shows_a_recognition():
    _recognise_kim_lap()
    # the old commune keeps its own page as it was: no status said for today
    assert 'id="unit-recognition"' not in _page("/units/2020/05068/")  # Xã Nam Thượng (2020), recognised
    ward = AdminUnit.objects.filter(scheme="2025-07", level=Level.COMMUNE, kind="phuong").order_by("code").first()
    assert 'id="unit-recognition"' not in _page(f"/units/2025-07/{ward.code}/")
    assert 'id="unit-recognition"' not in _page("/units/2025-07/25/")  # a province
