"""Reading the report files back: the expected sentence, the text of a PDF, the cells of a workbook."""

import io
import subprocess
from pathlib import Path

import openpyxl
import yaml

SCENARIO = Path(__file__).parents[1] / "ntm" / "scenarios" / "kim-boi-2024-03.yaml"


def expected_sentence_vi() -> str:
    facts = yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))
    return " ".join(facts["ntm"]["expected_sentence_vi"].split())


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, with whitespace and line breaks folded to single spaces."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def pdf_page_size(pdf: bytes) -> str:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return next(line for line in out.splitlines() if line.startswith("Page size:"))


def xlsx_cells(content: bytes) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
