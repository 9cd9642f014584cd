"""A table as a file to download: CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese
letters) or XLSX, as an attachment."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(fmt: str, headers: Sequence[str], rows: Iterable[Sequence], *, title: str,
                   filename: str) -> HttpResponse:  # fmt: skip
    """`rows` under `headers` as `filename`.csv or `filename`.xlsx (a sheet named `title`)."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        wb = Workbook()
        ws = wb.active
        ws.title = title
        ws.append(list(headers))
        for row in rows:
            ws.append(list(row))
        out = io.BytesIO()
        wb.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
