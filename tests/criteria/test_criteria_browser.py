import pytest

pytestmark = pytest.mark.usefixtures("units")


def test_criteria_browser_lists_an_edition_with_references(client):
    html = client.get("/criteria/", {"edition": "ntm/commune-2021-2025"}).content.decode()
    assert "Bộ tiêu chí quốc gia về xã nông thôn mới" in html
    assert "Thủy lợi và phòng, chống thiên tai" in html
    assert "≥ 80%" in html
    assert "1680/QĐ-BNN-VPĐP" in html
    assert "đánh giá trực tiếp" in html


def test_criteria_browser_shows_the_thresholds_for_a_commune_and_date(client):
    html = client.get(
        "/criteria/", {"edition": "ntm/commune-2021-2025", "unit": "2020:05068", "on": "31/12/2024"}
    ).content.decode()
    assert "Mức đạt chuẩn áp dụng cho Xã Nam Thượng, Huyện Kim Bôi, Tỉnh Hoà Bình" in html
    assert "≥ 98%" in html  # advanced electricity, northern midlands, from 03/06/2024
    assert "03/06/2024" in html
    assert "từ 50 điểm đến dưới 70 điểm" in html


def test_criteria_browser_lets_one_pick_a_commune_by_name(client):
    html = client.get("/criteria/", {"unit": "Vinh Dong", "on": "31/03/2024"}).content.decode()
    assert "Có nhiều xã trùng tên" in html
    assert "Xã Vĩnh Đồng, Huyện Kim Bôi, Tỉnh Hoà Bình" in html


def test_criteria_browser_says_what_is_wrong_with_the_date(client):
    html = client.get("/criteria/", {"unit": "2020:05068", "on": "31-13-2024"}).content.decode()
    assert "Ngày «31-13-2024» không hợp lệ" in html


def test_criteria_browser_in_english(client):
    html = client.get("/criteria/", {"edition": "ntm/commune-2021-2025"}, headers={"Accept-Language": "en"}).content.decode()
    assert "Irrigation and disaster prevention" in html
    assert "assessed directly" in html


def test_without_a_choice_the_browser_opens_the_set_in_force_today_or_on_the_date_asked(client):
    from tamnong.core import clock
    from tamnong.criteria.editions import edition_in_force

    today = edition_in_force(clock.today())
    html = client.get("/criteria/").content.decode()
    assert today.name_vi in html.split('<section id="edition">')[0].split("</form>")[1]
    assert '<option value="" selected>Bộ tiêu chí có hiệu lực vào ngày đã chọn</option>' in html
    assert f'placeholder="{clock.today():%d/%m/%Y}"' in html
    in_2024 = client.get("/criteria/", {"on": "31/12/2024"}).content.decode()
    assert "Thủy lợi và phòng, chống thiên tai" in in_2024  # the 2021–2025 set, in force on that day
