"""Large imports go to the background worker with their progress on a page; when the broker (Redis)
cannot be reached the import runs in the request if it is small enough, else the page says so and
nothing is left queued; a job the worker never started is shown as failed. Through HTTP."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from kombu.exceptions import OperationalError

from tamnong.core import clock
from tamnong.core.jobs import services as jobs
from tamnong.core.jobs import tasks as job_tasks
from tamnong.core.jobs.models import BackgroundImport
from tamnong.ntm import tasks as ntm_tasks
from tamnong.ntm.models import ImportJob, SelfAssessment
from tamnong.ocop.imports import template_xlsx as ocop_template
from tamnong.ocop.models import Certificate
from tamnong.resources.imports import COLUMNS as WORK_COLUMNS
from tamnong.resources.imports import template_xlsx as works_template
from tamnong.resources.models import Work

NTM_CSV = b"commune_code;3.1\n05068;90\n" + b";\n" * 100  # above the (lowered) inline size: empty rows
GOOD = ["Chè xanh Nam Thượng", "HTX Chè Nam Thượng", "hợp tác xã", "0314409058", "05068", "1", "1.1a", 4,
        "15/QĐ-UBND", "20/06/2024", "tỉnh"]  # fmt: skip


def _login(client, username="huyen.kimboi"):  # OCOP lists are imported by the province: tinh.hoabinh
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def _ocop_file() -> SimpleUploadedFile:
    wb = openpyxl.load_workbook(io.BytesIO(ocop_template()))
    wb.active.append(GOOD)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("san-pham.xlsx", out.getvalue())


def _works_file() -> SimpleUploadedFile:
    codes = [c for c, _, _ in WORK_COLUMNS]
    good = {"commune": "04990", "type": "rural_road", "name": "Đường nội đồng Bình Sơn số 10", "quantity": "1,2",
            "plan_year": 2024, "status": "chuẩn bị đầu tư", "local_budget": "300.000.000"}  # fmt: skip
    wb = openpyxl.load_workbook(io.BytesIO(works_template()))
    wb["Công trình"].append([good.get(c, "") for c in codes])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("cong-trinh.xlsx", out.getvalue())


@pytest.fixture
def large(monkeypatch):
    """Every file counts as large (above the size read inside the request)."""
    monkeypatch.setattr(jobs, "INLINE_MAX_BYTES", 100)
    monkeypatch.setattr(ntm_tasks, "INLINE_MAX_BYTES", 100)


def _broker_down(monkeypatch, *tasks):
    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to localhost:6379. Connection refused.")

    for task in tasks:
        monkeypatch.setattr(task, "apply_async", refused)


def test_a_large_ocop_list_goes_to_the_worker_and_its_page_shows_the_report(client, demo, large):
    _login(client, "tinh.hoabinh")
    before = Certificate.objects.count()
    response = client.post("/ocop/import/", {"unit": "2020:153", "file": _ocop_file()})
    job = BackgroundImport.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert job.kind == "ocop.products" and job.status == "done" and job.progress == 100  # eager without Redis
    page = client.get(f"/imports/{job.pk}/")
    assert page.status_code == 200 and 'data-saved="1"' in page.content.decode()
    assert Certificate.objects.count() == before + 1


def test_a_large_works_list_goes_to_the_worker_too(client, demo, large):
    _login(client)
    response = client.post("/resources/import/", {"unit": "2020:153", "file": _works_file(), "dry_run": "1"})
    job = BackgroundImport.objects.latest("pk")
    assert response.status_code == 302 and job.kind == "resources.works" and job.dry_run
    page = client.get(response["Location"]).content.decode()
    assert 'data-rows="1" data-saved="0"' in page
    assert not Work.objects.filter(name="Đường nội đồng Bình Sơn số 10").exists()


def test_while_running_the_page_polls_and_shows_the_progress(client, demo, large, monkeypatch):
    user = _login(client, "tinh.hoabinh")
    monkeypatch.setattr(job_tasks.background_import_run_task, "apply_async", lambda *a, **k: None)  # queued
    client.post("/ocop/import/", {"unit": "2020:153", "file": _ocop_file()})
    job = BackgroundImport.objects.latest("pk")
    assert job.status == "queued" and job.actor == user
    BackgroundImport.objects.filter(pk=job.pk).update(status="running", progress=40)
    html = client.get(f"/imports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="40"' in html and "<html" not in html


def test_with_the_broker_down_a_file_small_enough_runs_in_the_request(client, demo, large, monkeypatch):
    _broker_down(monkeypatch, job_tasks.background_import_run_task)
    _login(client, "tinh.hoabinh")
    before = Certificate.objects.count()
    response = client.post("/ocop/import/", {"unit": "2020:153", "file": _ocop_file()}, follow=True)
    job = BackgroundImport.objects.latest("pk")
    assert response.status_code == 200 and job.status == "done"
    assert Certificate.objects.count() == before + 1


def test_with_the_broker_down_a_larger_file_fails_at_once_with_the_reason(client, demo, large, monkeypatch):
    _broker_down(monkeypatch, job_tasks.background_import_run_task)
    monkeypatch.setattr(jobs, "FALLBACK_MAX_BYTES", 200)
    _login(client, "tinh.hoabinh")
    before = Certificate.objects.count()
    response = client.post("/ocop/import/", {"unit": "2020:153", "file": _ocop_file()}, follow=True)
    job = BackgroundImport.objects.latest("pk")
    assert response.status_code == 200 and job.status == "failed" and job.finished_at is not None
    html = response.content.decode()
    assert "không liên lạc được với tiến trình chạy nền" in html and 'data-status="failed"' in html
    assert "every 1s" not in html  # nothing to wait for
    assert Certificate.objects.count() == before


def test_with_the_broker_down_the_ntm_import_says_so_and_leaves_nothing_queued(client, demo, large, monkeypatch):
    _broker_down(monkeypatch, ntm_tasks.import_job_run_task)
    monkeypatch.setattr(jobs, "FALLBACK_MAX_BYTES", 10)
    _login(client)
    before = SelfAssessment.objects.count()
    upload = SimpleUploadedFile("xa.csv", NTM_CSV)
    response = client.post("/ntm/import/", {"unit": "2020:153", "on": "31/12/2024",
                                            "edition": "ntm/commune-2021-2025", "file": upload}, follow=True)  # fmt: skip
    job = ImportJob.objects.latest("pk")
    assert response.status_code == 200 and job.status == "failed"
    assert "không liên lạc được với tiến trình chạy nền" in response.content.decode()
    assert not ImportJob.objects.filter(status="queued").exists() and SelfAssessment.objects.count() == before


def test_with_the_broker_down_a_small_ntm_file_is_imported_in_the_request(client, demo, large, monkeypatch):
    _broker_down(monkeypatch, ntm_tasks.import_job_run_task)
    _login(client)
    upload = SimpleUploadedFile("xa.csv", NTM_CSV)
    client.post("/ntm/import/", {"unit": "2020:153", "on": "31/12/2024", "edition": "ntm/commune-2021-2025",
                                 "file": upload})  # fmt: skip
    job = ImportJob.objects.latest("pk")
    assert job.status == "done" and job.report["saved"] == 1


@pytest.mark.parametrize("kind", ["ntm", "ocop"])
def test_a_job_the_worker_never_started_is_shown_failed_later(client, demo, large, monkeypatch, kind):
    _login(client, "tinh.hoabinh" if kind == "ocop" else "huyen.kimboi")
    monkeypatch.setattr(job_tasks.background_import_run_task, "apply_async", lambda *a, **k: None)
    monkeypatch.setattr(ntm_tasks.import_job_run_task, "apply_async", lambda *a, **k: None)
    if kind == "ocop":
        client.post("/ocop/import/", {"unit": "2020:153", "file": _ocop_file()})
        job, url = BackgroundImport.objects.latest("pk"), f"/imports/{BackgroundImport.objects.latest('pk').pk}/"
    else:
        upload = SimpleUploadedFile("xa.csv", NTM_CSV)
        client.post("/ntm/import/", {"unit": "2020:153", "on": "31/12/2024", "edition": "ntm/commune-2021-2025",
                                     "file": upload})  # fmt: skip
        job, url = ImportJob.objects.latest("pk"), f"/ntm/import/jobs/{ImportJob.objects.latest('pk').pk}/"
    assert job.status == "queued"
    assert "every 1s" in client.get(url).content.decode()  # still waiting: within the bound
    with time_machine.travel(clock.now() + jobs.STALE_AFTER + dt.timedelta(minutes=1)):
        html = client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "không bắt đầu lần nhập này trong 30 phút" in html


def test_a_job_page_is_its_uploaders(client, demo, large):
    _login(client, "tinh.hoabinh")
    client.post("/ocop/import/", {"unit": "2020:153", "file": _ocop_file(), "dry_run": "1"})
    job = BackgroundImport.objects.latest("pk")
    _login(client, "xa.namthuong")
    assert client.get(f"/imports/{job.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/imports/{job.pk}/").status_code == 404
    _login(client, "huyen.kimboi")
    assert client.get(f"/imports/{job.pk + 1000}/").status_code == 404
