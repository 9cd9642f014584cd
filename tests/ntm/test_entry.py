"""The data-entry form as an officer uses it: what was typed survives a refusal, thresholds and results
sit beside each field, evidence files can be opened by those allowed, and the date chosen decides the
criteria set and whether the commune still exists."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from tamnong.core.errors import DomainError
from tamnong.ntm.models import SelfAssessment
from tamnong.ntm.services import self_assessment_save
from tamnong.places.models import AdminUnit
from tamnong.recognition.models import Dossier

pytestmark = pytest.mark.usefixtures("demo")

BINH_SON = "/ntm/2020/04990/entry/"  # Xã Bình Sơn, Huyện Kim Bôi (2020 list, until 31/12/2024)
NAT_SON = "/ntm/2025-07/04990/entry/"  # Xã Nật Sơn, Tỉnh Phú Thọ, which continues it from 01/07/2025


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


class _Form(HTMLParser):
    """What a browser would send back from the page's entry form: inputs' values, each select's selected
    option (the first when none is), textareas' text; file inputs and buttons left out."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.text: list[str] = []
        self._in_form = self._select = self._textarea = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "entry" in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select, self._first_option = a["name"], None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value") or ""
                self.fields.setdefault(self._select, self._first_option)
            if "selected" in a:
                self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        self.text.append(data)
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    return parser.fields


def text_of(html: str) -> str:
    """The page's text as a reader sees it (no attribute values, no markup)."""
    parser = _Form()
    parser.feed(html)
    return " ".join(parser.text)


def _binh_son():
    return SelfAssessment.objects.get(commune__scheme="2020", commune__code="04990", on="2024-03-31")


def _yes_no_values(sa):
    return {v.code: v.value for v in sa.values.all() if isinstance(v.value, bool)}


def test_yes_no_answers_survive_a_mistyped_number_and_saving_again_keeps_the_count(client):
    login(client, "xa.binhson")
    sa = _binh_son()
    before_count, before_answers = sa.evaluation.criteria_met, _yes_no_values(sa)
    assert before_answers  # Bình Sơn has yes/no answers (3.2 and 8.x) to lose
    data = form_of(client.get(BINH_SON, {"on": "2024-03-31"}).content.decode())
    typed_31 = data["v:3.1"]
    data["v:3.1"] = "63,1,5"  # one mistyped number
    refused = client.post(BINH_SON, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "«63,1,5» không phải là số" in html
    back = form_of(html)
    for code, value in before_answers.items():
        assert back[f"v:{code}"] == ("1" if value else "0"), code  # not "—"
    assert back["v:3.1"] == "63,1,5"  # kept as typed, to correct
    back["v:3.1"] = typed_31
    assert client.post(BINH_SON, back).status_code == 302
    sa.refresh_from_db()
    assert sa.version == 2
    assert _yes_no_values(sa) == before_answers
    assert sa.evaluation.criteria_met == before_count


def test_a_number_outside_its_range_is_refused_as_typed_in_the_preview_and_on_save(client):
    login(client, "xa.binhson")
    sa = _binh_son()
    data = form_of(client.get(BINH_SON, {"on": "2024-03-31"}).content.decode())
    data["v:3.1"] = "1.234,5"
    preview = client.post(f"{BINH_SON}preview", data, headers={"HX-Request": "true"}).content.decode()
    assert "tỷ lệ phải từ 0 đến 100 (đã nhập «1.234,5»)" in preview
    assert 'id="error-v-31" hx-swap-oob="true"' in preview  # shown beside the field
    assert "1.234,5% ≥ 80%" not in preview and 'id="criterion-3" data-status="met"' not in preview
    # the other fields keep their results; the refused one counts as not entered until corrected
    assert 'id="uncounted"' in preview and 'id="result-v-81" data-status="met"' in preview
    assert 'id="result-v-31" data-status="missing"' in preview
    saved = client.post(BINH_SON, data)
    assert saved.status_code == 400 and "tỷ lệ phải từ 0 đến 100" in saved.content.decode()
    assert SelfAssessment.objects.get(pk=sa.pk).version == sa.version
    data["v:3.1"] = "100"  # the bound itself is a value
    assert "tỷ lệ phải từ 0 đến 100" not in client.post(f"{BINH_SON}preview", data).content.decode()


def test_each_field_shows_its_threshold_with_the_reference_and_its_result_beside_it(client):
    login(client, "xa.binhson")
    html = client.get(BINH_SON, {"on": "2024-03-31"}).content.decode()
    field = html[html.index('data-field="31"') : html.index('data-field="32items"')]
    assert "≥ 80%" in field[field.index('id="threshold-v-31"') :]
    assert "318/QĐ-TTg 08/03/2022" in field and "từ 08/03/2022" in field
    assert 'id="result-v-31" data-status="not_met"' in field and "63,1% &lt; 80% — chưa đạt" in field
    # a threshold not yet sourced says so, with the data's reason, never a made-up value
    income = html[html.index('id="threshold-v-incomepercapitamvnd"') :]
    assert "chưa có ngưỡng có căn cứ — Ngưỡng thu nhập theo vùng" in income[: income.index("</ul>")]
    data = form_of(html)
    data["v:3.1"] = "85,5"
    preview = client.post(f"{BINH_SON}preview", data, headers={"HX-Request": "true"}).content.decode()
    assert '<p class="result" id="result-v-31" data-status="met" hx-swap-oob="true"' in preview
    assert '<p class="criterion-result" id="result-c-3" data-status="met" hx-swap-oob="true"' in preview


def test_labels_are_names_never_internal_keys_and_an_unverified_name_is_marked(client):
    login(client, "xa.binhson")
    html = client.get(BINH_SON, {"on": "2024-03-31"}).content.decode()
    text = text_of(html)
    assert "income_per_capita_mvnd" not in text and "multidim_poverty_pct" not in text
    assert "3.2.items" not in text and "3.2.score" not in text
    assert "chưa xác minh" not in html
    label = html[html.index('<label for="v-incomepercapitamvnd">') :]
    label = label[: label.index("</label>")]
    assert "Thu nhập bình quân đầu người khu vực nông thôn (triệu đồng/người/năm)" in label
    assert 'class="unverified"' in label
    assert '<label for="v-31">3.1. Tỷ lệ diện tích' in html  # an official number is kept
    assert "«Tỷ lệ nghèo đa chiều»" in text or "Tỷ lệ nghèo đa chiều" in text


def test_the_preview_leaves_out_every_file_input(client):
    login(client, "xa.binhson")
    html = client.get(BINH_SON, {"on": "2024-03-31"}).content.decode()
    params = html[html.index('hx-params="not ') + len('hx-params="not ') :]
    left_out = set(params[: params.index('"')].split(","))
    file_inputs = {part.split('"')[0] for part in html.split('type="file" name="')[1:]}  # every file input of the form
    assert file_inputs and file_inputs <= left_out


def test_evidence_files_are_listed_on_the_form_and_commune_page_and_open_only_for_those_allowed(client):
    login(client, "xa.binhson")
    data = form_of(client.get(BINH_SON, {"on": "2024-03-31"}).content.decode())
    data["f:3.1"] = SimpleUploadedFile("bien-ban-tuoi-tieu.pdf", b"%PDF-1.4 bien ban", content_type="application/pdf")
    assert client.post(BINH_SON, data).status_code == 302
    value = _binh_son().values.get(code="3.1")
    url = f"/files/ntm-evidence/{value.pk}/"
    form_page = client.get(BINH_SON, {"on": "2024-03-31"}).content.decode()
    commune_page = client.get("/ntm/2020/04990/").content.decode()
    for html in (form_page, commune_page):
        listed = html[html.index('id="evidence-files"') :]
        assert f'href="{url}"' in listed and "bien-ban-tuoi-tieu" in listed
        assert "Chỉ tiêu 3.1: Tỷ lệ diện tích" in listed
    assert client.get(url).status_code == 200
    login(client, "huyen.kimboi")  # the district office of Bình Sơn reads it too
    assert client.get(url).status_code == 200
    login(client, "xa.namthuong")  # another commune's officer: no
    assert client.get(url).status_code == 404
    assert f'href="{url}"' not in client.get("/ntm/2020/04990/").content.decode()


def test_the_dossier_links_each_evidence_file_also_while_it_can_be_edited(client):
    from tamnong.core.files import private_storage

    dossier = Dossier.objects.get(commune__code="05068", commune__scheme="2020")
    item = dossier.items.filter(kind="indicator").first()
    item.evidence_file = private_storage().save("evidence/bien-ban-ho-so.pdf", SimpleUploadedFile("x.pdf", b"%PDF"))
    item.save(update_fields=["evidence_file"])
    url = f"/files/recognition-evidence/{item.pk}/"
    login(client, "tinh.hoabinh")
    html = client.get(f"/recognition/dossiers/{dossier.pk}/").content.decode()
    assert f'href="{url}"' in html and "bien-ban-ho-so" in html
    assert client.get(url).status_code == 200
    login(client, "xa.binhson")
    assert client.get(url).status_code == 404


# --- dates ---------------------------------------------------------------------------------------------


def test_moving_the_date_past_the_commune_end_refuses_it_and_names_its_successor(client):
    login(client, "xa.binhson")
    html = client.get(BINH_SON, {"on": "02/12/2026", "edition": "ntm/commune-2021-2025"}).content.decode()
    blocked = html[html.index('id="blocked"') :]
    assert "Xã Bình Sơn, Huyện Kim Bôi, Tỉnh Hoà Bình chỉ có đến ngày 31/12/2024" in blocked
    assert "Xã Nật Sơn, Tỉnh Phú Thọ" in blocked and f'href="{NAT_SON}?on=2026-12-02"' in blocked
    assert 'class="entry"' not in html  # no form to fill
    data = form_of(client.get(BINH_SON, {"on": "2024-03-31"}).content.decode())
    data["on"] = "2026-12-02"
    count = SelfAssessment.objects.count()
    refused = client.post(BINH_SON, data)
    assert refused.status_code == 400 and "Xã Nật Sơn" in refused.content.decode()
    assert SelfAssessment.objects.count() == count


def test_the_service_refuses_data_for_a_unit_after_its_end_date(client):
    commune = AdminUnit.objects.get(scheme="2020", code="04990")
    officer = get_user_model().objects.get(username="huyen.kimboi")
    with pytest.raises(DomainError) as refused:
        self_assessment_save(commune=commune, edition_id="ntm/commune-2021-2025", on=dt.date(2025, 9, 30),
                             values={"3.1": 90}, actor=officer)  # fmt: skip
    assert "chỉ có đến ngày 31/12/2024" in refused.value.message_vi and "Xã Nật Sơn" in refused.value.message_vi
    assert not SelfAssessment.objects.filter(commune=commune, on="2025-09-30").exists()
    saved = self_assessment_save(commune=commune, edition_id="ntm/commune-2021-2025", on=dt.date(2024, 12, 31),
                                 values={"3.1": 90}, actor=officer)  # fmt: skip
    assert saved.pk  # its last day still takes data


def test_the_date_switch_picks_the_2026_set_and_says_why_it_cannot_evaluate(client):
    phu_tho = AdminUnit.objects.get(scheme="2025-07", level=1, name__contains="Phú Thọ")
    commune = (  # a rural commune of today's list outside the demo's province, with no commune group
        AdminUnit.objects.filter(scheme="2025-07", level=3, kind="xa", commune_group__isnull=True)
        .exclude(path__startswith=f"{phu_tho.code}/")
        .order_by("code")
        .first()
    )
    login(client, "trunguong")
    url = f"/ntm/2025-07/{commune.code}/entry/"
    html = client.get(url, {"on": "02/12/2026", "edition": "ntm/commune-2021-2025"}).content.decode()
    assert 'name="edition" value="ntm/commune-2026-2030"' in html
    assert (
        "không áp dụng ngày 02/12/2026; ngày này áp dụng «Bộ tiêu chí quốc gia về nông thôn mới cấp xã giai đoạn 2026 - 2030»"
        in html
    )
    assert 'id="place-problem"' in html and "xã chưa được xếp nhóm xã" in html
    assert "commune_group" not in text_of(html)
    date_form = html[html.index('id="entry-date"') :]
    assert 'name="edition"' not in date_form[: date_form.index("</form>")]  # the date alone decides the set


def test_with_its_group_the_2026_commune_is_evaluated_on_the_2026_set(client):
    AdminUnit.objects.filter(scheme="2025-07", code="04990").update(commune_group=2)
    login(client, "tinh.phutho")
    html = client.get(NAT_SON, {"on": "02/12/2026"}).content.decode()
    assert 'id="place-problem"' not in html and 'name="edition" value="ntm/commune-2026-2030"' in html
    data = form_of(html)
    data["a:1"], data["e:1"] = "1", "Quyết định phê duyệt quy hoạch số 12/QĐ-UBND ngày 05/03/2026"
    preview = client.post(f"{NAT_SON}preview", data, headers={"HX-Request": "true"}).content.decode()
    assert 'id="result-c-1" data-status="met"' in preview
    assert 'id="tier-standard-count">1/10<' in preview


def test_a_2024_date_opens_the_2021_2025_set(client):
    login(client, "xa.binhson")
    html = client.get(BINH_SON, {"on": "31/03/2024", "edition": "ntm/commune-2026-2030"}).content.decode()
    assert 'name="edition" value="ntm/commune-2021-2025"' in html and 'id="edition-note"' in html


def test_a_district_officer_is_told_why_there_is_nothing_to_do_after_districts_ended(client):
    dossier = Dossier.objects.get(commune__code="05068", commune__scheme="2020")
    login(client, "huyen.kimboi")
    html = client.get(f"/recognition/dossiers/{dossier.pk}/", {"on": "02/12/2026"}).content.decode()
    reason = html[html.index('id="no-actions-reason"') :]
    assert "Từ 01/07/2025 không còn cấp huyện" in reason[:600] and "xã → tỉnh" in reason[:600]
    before = client.get(f"/recognition/dossiers/{dossier.pk}/", {"on": "30/06/2024"}).content.decode()
    assert 'id="no-actions"' not in before  # under the three-level procedure the district verifies


def test_a_province_officer_is_told_whose_step_comes_next(client):
    dossier = Dossier.objects.get(commune__code="05068", commune__scheme="2020")
    login(client, "tinh.hoabinh")
    html = client.get(f"/recognition/dossiers/{dossier.pk}/", {"on": "30/06/2024"}).content.decode()
    reason = html[html.index('id="no-actions-reason"') :]
    assert "bước tiếp theo" in reason[:400] and "huyện" in reason[:400]


def test_the_form_in_english_names_fields_and_thresholds_without_keys(client):
    login(client, "xa.binhson")
    html = client.get(BINH_SON, {"on": "2024-03-31"}, headers={"Accept-Language": "en"}).content.decode()
    text = text_of(html)
    assert "income_per_capita_mvnd" not in text and "exact wording unverified" not in html
    assert "Average per-capita income of the rural population" in text
    assert "required ≥ 80%" in text
    assert "Indicator 3.1: 63.1% < 80% — not met" in text


def test_a_date_before_a_new_commune_began_names_the_communes_that_held_its_territory(client):
    login(client, "tinh.phutho")
    html = client.get(NAT_SON, {"on": "31/03/2024"}).content.decode()
    blocked = html[html.index('id="blocked"') :]
    assert "Xã Nật Sơn, Tỉnh Phú Thọ chỉ có từ ngày 01/07/2025" in blocked
    assert "Xã Bình Sơn, Huyện Kim Bôi, Tỉnh Hoà Bình" in blocked and f'href="{BINH_SON}?on=2024-03-31"' in blocked


def test_the_commune_page_names_indicators_without_internal_keys(client):
    login(client, "xa.binhson")
    text = text_of(client.get("/ntm/2020/04990/").content.decode())
    assert "income_per_capita_mvnd" not in text and "multidim_poverty_pct" not in text
    assert "«Thu nhập bình quân đầu người khu vực nông thôn»" in text
    assert "Chỉ tiêu 3.1: 63,1% < 80% — chưa đạt" in text
