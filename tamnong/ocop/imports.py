"""Import an existing list of certified OCOP products (XLSX or CSV), all or nothing.

One row per certificate: product, producer (matched by tax code, else by name in the commune),
commune, group, stars, decision and level. Every row is checked first: one bad row and nothing is
saved, and each problem names its row, column, value and reason in Vietnamese.
"""

from __future__ import annotations

from tamnong.accounts import authority
from tamnong.core import clock, imports
from tamnong.core.dates import parse_date
from tamnong.core.errors import DomainError
from tamnong.core.imports import PROGRESS_EVERY, ImportReport, Progress, cell_whole, template_workbook, workbook_bytes
from tamnong.core.jobs import services as jobs
from tamnong.core.text import fold_name
from tamnong.ocop import services
from tamnong.ocop.models import Certificate, Producer, ProducerKind, Product
from tamnong.places import territory
from tamnong.places.models import AdminUnit, Level
from tamnong.places.selectors import unit_get_by_key
from tamnong.rules import ocop

# (code, Vietnamese header, required)
COLUMNS = [
    ("product", "Tên sản phẩm", True),
    ("producer", "Chủ thể", True),
    ("producer_kind", "Loại chủ thể (hợp tác xã, tổ hợp tác, doanh nghiệp, hộ kinh doanh)", True),
    ("tax_code", "Mã số thuế", False),
    ("commune", "Mã xã", True),
    ("group", "Nhóm sản phẩm (1–6)", True),
    ("subgroup", "Phân nhóm", False),
    ("stars", "Số sao", True),
    ("decision_number", "Số quyết định", True),
    ("decision_date", "Ngày quyết định (dd/mm/yyyy)", True),
    ("level", "Cấp công nhận (huyện, tỉnh, trung ương)", True),
]
KIND_WORDS = {
    fold_name(str(label)): kind for kind, label in ProducerKind.choices
} | {fold_name("hợp tác xã"): "cooperative", fold_name("tổ hợp tác"): "cooperative_group",
     fold_name("doanh nghiệp"): "enterprise", fold_name("hộ kinh doanh"): "household_business",
     fold_name("cơ sở sản xuất"): "household_business"}  # fmt: skip
LEVEL_WORDS = {fold_name(w): level for w, level in (
    ("xã", "commune"), ("huyện", "district"), ("tỉnh", "province"), ("trung ương", "national"), ("bộ", "national"),
    ("commune", "commune"), ("district", "district"), ("province", "province"), ("national", "national"),
)}  # fmt: skip


def template_xlsx() -> bytes:
    return workbook_bytes(template_workbook("Sản phẩm OCOP", COLUMNS, wide=("product", "producer")))


class ProductsImporter(imports.Importer):
    """One row per certificate: the product, its producer and commune, its stars and decision."""

    columns, marker, missing = COLUMNS, "product", True
    no_header = (
        "không tìm thấy dòng mã cột (product, producer, …)",
        "no row of column codes (product, producer, …) found",
    )

    def __init__(self, *, unit: AdminUnit, actor, grant: authority.Grant):
        self.unit, self.actor, self.grant = unit, actor, grant

    def prepare(self, lines) -> None:
        unit = self.unit
        self.communes = {
            u.code: u
            for u in territory.below(unit, level=Level.COMMUNE)
        } if unit.level != Level.COMMUNE else {unit.code: unit}  # fmt: skip

    def check(self, line: imports.Line):
        values, raw, problem, unit = line.values, line.raw, line.problem, self.unit
        line.required(self.required_codes)
        kind = KIND_WORDS.get(fold_name(values.get("producer_kind", "")))
        if values.get("producer_kind") and kind is None:
            problem("producer_kind", "loại chủ thể phải là hợp tác xã, tổ hợp tác, doanh nghiệp hoặc hộ kinh doanh",
                    "the kind must be a cooperative, cooperative group, enterprise or household business")  # fmt: skip
        tax_code = ""
        if values.get("tax_code"):
            try:
                tax_code = services.tax_code_clean(values["tax_code"])
            except DomainError as exc:
                problem("tax_code", exc.message_vi, exc.message_en)
        code = values.get("commune", "").split(":")[-1].zfill(5) if values.get("commune") else ""
        commune = self.communes.get(code)
        if values.get("commune") and commune is None:
            problem("commune", f"không có xã mã {values['commune']} trong {unit.title}",
                    f"no commune {values['commune']} in {unit.title}")  # fmt: skip
        try:
            if values.get("group"):
                ocop.group_check("ocop/148-2023", values["group"], values.get("subgroup", ""))
        except ocop.OcopInputError as exc:
            problem(exc.field, exc.message_vi, exc.message_en)
        stars = cell_whole(raw.get("stars"))
        certified = ocop.certified_stars()
        if values.get("stars") and stars not in certified:
            *head, last = (str(s) for s in certified)
            problem("stars", f"giấy chứng nhận chỉ cấp cho sản phẩm {', '.join(head)} hoặc {last} sao",
                    f"certificates are for {min(certified)} to {max(certified)} stars")  # fmt: skip
        issued_on = parse_date(raw.get("decision_date")) if values.get("decision_date") else None
        if values.get("decision_date") and issued_on is None:
            problem("decision_date", *imports.BAD_DATE)
        level = LEVEL_WORDS.get(fold_name(values.get("level", "")))
        if values.get("level") and level is None:
            problem(
                "level",
                "cấp công nhận phải là huyện, tỉnh hoặc trung ương",
                "the level must be district, province or national",
            )
        if level and stars in certified and issued_on:
            try:
                rule = ocop.authority(issued_on, level)
            except LookupError:
                rule = None
            if rule is None or stars not in rule.recognises:
                problem("level", f"ngày {issued_on:%d/%m/%Y} cấp {values['level']} không có thẩm quyền công nhận {stars} sao",
                        f"on {issued_on:%d/%m/%Y} the {level} level may not recognise {stars} stars")  # fmt: skip
            elif commune is not None:
                # The same table as issuing: the recognising office of that level, on the decision's date.
                try:
                    authority.authorize(self.actor, "ocop.certificate.import", unit=services.issuer_unit(level, commune),
                                        on=issued_on)  # fmt: skip
                except authority.NotAuthorised as exc:
                    problem("level", exc.message_vi, exc.message_en)
        return (values, kind, tax_code, commune, stars, issued_on, level)

    def apply(self, plans, report, progress) -> None:
        actor = self.actor
        for i, (values, kind, tax_code, commune, stars, issued_on, level) in enumerate(plans):
            if i % PROGRESS_EVERY == 0:
                progress(50 + 50 * i // len(plans))
            producer = _producer(actor, values["producer"], kind, tax_code, commune, issued_on)
            product = Product.objects.filter(producer=producer, name=values["product"]).first() or services.product_create(
                actor=actor, producer=producer, name=values["product"], group=values["group"],
                subgroup=values.get("subgroup", ""), commune=commune,
            )  # fmt: skip
            if not Certificate.objects.filter(product=product, decision_number=values["decision_number"]).exists():
                issuer = services.issuer_unit(level, commune)
                imported = authority.authorize(actor, "ocop.certificate.import", unit=issuer, on=issued_on)
                certificate = Certificate.objects.create(
                    product=product, stars=stars, decision_number=values["decision_number"], issued_on=issued_on,
                    issuer_level=level, issuer=issuer,
                )  # fmt: skip
                authority.audit(imported, target=certificate, after={
                    "stars": stars, "decision": certificate.decision_number, "issued_on": issued_on.isoformat()})  # fmt: skip
                report.saved += 1
        authority.audit(self.grant, target=self.unit, after={"saved": report.saved})


@authority.acts("ocop.products.import", "ocop.certificate.import", atomic=False)
def products_import(*, content: bytes, unit: AdminUnit, actor, dry_run: bool, progress: Progress | None = None
                    ) -> ImportReport:  # fmt: skip
    """Check every row; unless it is a dry run and if nothing is wrong, save them all in one transaction.
    `progress` hears the percent done (a background job shows it)."""
    grant = authority.authorize(actor, "ocop.products.import", unit=unit, on=clock.today())
    importer = ProductsImporter(unit=unit, actor=actor, grant=grant)
    return imports.run(importer, content, dry_run=dry_run, progress=progress)


def _background_run(job, content: bytes, progress) -> ImportReport:
    unit = unit_get_by_key(job.unit_key)  # products_import checks what the uploader may do there
    return products_import(content=content, unit=unit, actor=job.actor, dry_run=job.dry_run, progress=progress)


# Files too large for a request are imported by the worker (core.jobs), with the progress on a page.
KIND = "ocop.products"
jobs.kind_register(jobs.Kind(KIND, "Nhập danh sách sản phẩm OCOP", "Import OCOP products", "ocop-import",
                             _background_run))  # fmt: skip


def _producer(actor, name: str, kind: str, tax_code: str, commune: AdminUnit, on) -> Producer:
    if tax_code:
        found = Producer.objects.filter(tax_code=tax_code).first()
    else:
        found = Producer.objects.filter(name=name, commune=commune).first()
    return found or services.producer_create(
        actor=actor, name=name, kind=kind, commune=commune, tax_code=tax_code, on=on
    )
