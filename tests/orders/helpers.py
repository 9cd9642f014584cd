"""Helpers of the order tests: a request as a buyer would fill it, and mail backends that fail."""

import datetime as dt
import json
import shutil
import subprocess
import zoneinfo
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from tamnong.orders.services import OrderRequest

ICT = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Both demo certificates (28/11/2023 and 30/08/2023, 36 months) are in force then; the July 2025 list applies.
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=ICT)
HA_NOI = "2025-07:01"


def buyer_request(*items, **overrides) -> OrderRequest:
    fields = {
        "items": list(items), "name": "Nguyễn Thị Lan", "phone": "0912 345 678", "email": "lan@example.vn",
        "province": HA_NOI, "address": "Số 12 ngõ 5 phố Huế, phường Hai Bà Trưng", "note": "",
    }  # fmt: skip
    fields.update(overrides)
    return OrderRequest(**fields)


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, as smtplib does when it cannot connect."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


# --- the independent VietQR decoders (tests/orders/js) -------------------------------------------------

JS_DIR = Path(__file__).parent / "js"
JS_PACKAGES = ("vietnam-qr-pay", "promptparse")


def node_path() -> str | None:
    return shutil.which("node") or shutil.which("nodejs")


def run_decoders(decode: list[str], build: list[dict] | None = None) -> dict:
    """Run tests/orders/js/decode_vietqr.js: each payload as vietnam-qr-pay and promptparse read it, and
    the payloads vietnam-qr-pay builds for `build`."""
    node = node_path()
    assert node, "node is not installed"
    done = subprocess.run(
        [node, str(JS_DIR / "decode_vietqr.js")], input=json.dumps({"decode": decode, "build": build or []}),
        capture_output=True, text=True, cwd=JS_DIR, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, f"decode_vietqr.js failed: {done.stderr[-2000:]}"
    return json.loads(done.stdout)
