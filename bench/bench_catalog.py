"""Benchmark: search the public OCOP catalog of 20,000 products, against a product's own page.

    python bench/bench_catalog.py [--products N] [--requests N] [--seed S]

Sets up Django on a temporary SQLite database (or DATABASE_URL: an empty database, made with createdb),
loads the units, and writes synthetic OCOP records with a fixed seed: producers of the four kinds in
communes of the July 2025 list (some on the 2020 list, so that provinces of both lists appear), products
named from word lists (kind × place or brand) in groups 1–6, certificates issued over the last four years
(3★ 70 %, 4★ 27 %, 5★ 3 %; about a quarter have lapsed, a few are revoked, some products were renewed),
a price on about 30 %. Producers, products and certificates are written with bulk_create; the catalog
entries are then built through the real code path (`catalog_refresh`), timed; on PostgreSQL the tables
are then ANALYZEd, as autovacuum would have done. Dates are relative to today, as the views use today.

Then, through Django's test client (real URLs, views, templates and middleware; DEBUG off, so no query
log), after a few warm-up requests, interleaved so that the machine's noise falls on all alike:
  - the catalog page ``/catalog/?q=…`` (HTML) and the JSON API ``/api/v1/catalog/products?q=…``, with
    the same realistic mix of queries: words typed without diacritics, with them, with a typo, kind and
    place, no words at all; with and without facets (province on either list, 4 stars, group 1),
    several sort orders and pages;
  - the baseline: the page of a random listed product by primary key, at its canonical address.
Prints the count, median and p95 of each, the ratios p95(search) / p95(product page) (goal ≤ 3x), the
median of each kind of query, and the SQL queries one request of each kind makes. Each request opens its
own database connection, as DATABASE_CONN_MAX_AGE=0 (the default) does in production. Static files are
served by the plain storage, as in the tests (the manifest storage would need a 20-second collectstatic
first; ``{% static %}`` costs the same). Not a timed test.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HOST = "127.0.0.1"
NEW_LIST, OLD_LIST = "2025-07", "2020"
OLD_LIST_SHARE = 0.15  # products still recorded on a commune of the 2020 list
STARS = ((3, 0.70), (4, 0.27), (5, 0.03))
KINDS = (("cooperative", 0.35), ("cooperative_group", 0.10), ("enterprise", 0.25), ("household_business", 0.30))
WARM_UP = 5

# (group, weight, product kinds): what OCOP lists are made of, food first.
PRODUCT_KINDS = (
    ("1", 0.58, (
        "Mật ong", "Mật ong rừng", "Gạo nếp cái hoa vàng", "Gạo nếp", "Gạo tám thơm", "Gạo ST25", "Nước mắm",
        "Bánh chưng", "Bánh đa", "Miến dong", "Mì gạo", "Giò chả", "Chả cá", "Thịt trâu gác bếp", "Lạp xưởng",
        "Măng khô", "Mộc nhĩ", "Nấm hương", "Bưởi", "Bưởi da xanh", "Cam", "Vải thiều", "Nhãn lồng",
        "Thanh long ruột đỏ", "Xoài cát", "Hồng không hạt", "Tương bần", "Tỏi", "Hành tím", "Tôm khô", "Ruốc",
        "Trứng vịt muối", "Kẹo dừa", "Bánh pía", "Mứt gừng", "Hạt điều rang muối", "Hạt mắc ca", "Tiêu đen",
    )),
    ("2", 0.17, (
        "Trà Shan tuyết", "Chè búp", "Trà xanh", "Cà phê", "Cà phê Robusta", "Rượu ngô", "Rượu nếp cẩm",
        "Rượu cần", "Nước cốt chanh leo", "Nước khoáng", "Trà hoa vàng", "Rượu sim",
    )),
    ("3", 0.10, (
        "Nấm linh chi", "Cao actiso", "Tinh dầu sả chanh", "Tinh dầu quế", "Đông trùng hạ thảo", "Trà giảo cổ lam",
        "Cao ban long", "Xà phòng thảo dược", "Tinh bột nghệ",
    )),
    ("4", 0.10, (
        "Mây tre đan", "Gốm", "Thổ cẩm", "Chiếu cói", "Nón lá", "Lụa tơ tằm", "Đồ gỗ mỹ nghệ", "Tranh gạo",
        "Sơn mài",
    )),
    ("5", 0.02, ("Lan hồ điệp", "Cây cảnh bonsai", "Đào cảnh", "Quất cảnh", "Cá Koi")),
    ("6", 0.03, ("Du lịch cộng đồng bản", "Homestay", "Điểm du lịch sinh thái", "Làng nghề")),
)  # fmt: skip
QUALIFIERS = ("đặc sản", "truyền thống", "hữu cơ", "sạch", "cao cấp", "thượng hạng")
BRANDS = (
    "Phúc Lộc", "An Khang", "Hưng Thịnh", "Minh Phát", "Tâm An", "Hoàng Gia", "Việt Xanh", "Thiên Phú", "Bảo Ngọc",
    "Hồng Hà", "Kim Long", "Sơn Hà", "Tân Phát", "Quê Hương", "Đại Ngàn", "Mường Thanh", "Sao Việt", "Thái Bình",
)  # fmt: skip
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu", "Thanh")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hương", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Thảo",
         "Tuấn", "Yến", "Thủy", "Kỳ")  # fmt: skip
PACKAGING = (("Chai 500 ml", "chai 500 ml"), ("Hộp 1 kg", "hộp 1 kg"), ("Túi 5 kg", "túi 5 kg"),
             ("Hộp quà 6 gói", "hộp quà"), ("Lọ thủy tinh 300 g", "lọ 300 g"), ("Chiếc", "chiếc"))  # fmt: skip
SENTENCES = (
    "Sản xuất theo quy trình truyền thống của địa phương.",
    "Nguyên liệu trồng và thu hái tại vùng, không chất bảo quản.",
    "Đóng gói tại cơ sở, có truy xuất nguồn gốc.",
    "Đạt tiêu chuẩn VietGAP, được người tiêu dùng tin dùng.",
)
TYPOS = ("mat ogn", "gao nepp", "tra san tuyet", "nuoc mamm", "ca phee", "ruou ngoo", "mien dongg", "nam lin chi",
         "banh chungg", "thanh long ruot do", "mat ong rung hop tienn", "bưỏi da xanh")  # fmt: skip
KNOWN = ("mat ong", "gao nep", "tra shan tuyet", "Mật ong")  # each must find products: checked before measuring


def setup_django(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("TAMNONG_VAR_DIR", tmp)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # as deployed: no query log, no debug templates
    os.makedirs(os.path.join(tmp, "static"), exist_ok=True)  # WhiteNoise's root (STATIC_ROOT), empty
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _pick(rng: random.Random, weighted) -> object:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _months_before(day: date, months: int) -> date:
    from tamnong.rules.ocop import add_months

    return add_months(day, -months)


def build_records(n_products: int, seed: int, today: date) -> dict[str, float]:
    """Producers, products and certificates, with bulk_create; returns how many of each, and the times."""
    from tamnong.core.text import fold_name
    from tamnong.ocop.models import Certificate, Producer, Product
    from tamnong.places.models import AdminUnit, UnitKind
    from tamnong.places.selectors import unit_ancestors

    rng = random.Random(seed)
    communes = {  # rural communes (xã): where OCOP products come from
        scheme: list(AdminUnit.objects.filter(scheme=scheme, kind=UnitKind.COMMUNE).select_related("parent__parent"))
        for scheme in (NEW_LIST, OLD_LIST)
    }
    province = {c.pk: ([c, *unit_ancestors(c)])[-1] for cs in communes.values() for c in cs}
    names_by_group = [(group, names) for group, _, names in PRODUCT_KINDS]
    group_weights = [w for _, w, _ in PRODUCT_KINDS]
    last_new_list_day = date(2025, 6, 30)
    first_day = _months_before(today, 48)

    t0 = time.perf_counter()
    producers, plans = [], []  # plans: (producer index, commune, on the old list, brand, how many products)
    made = 0
    while made < n_products:
        old = rng.random() < OLD_LIST_SHARE
        commune = rng.choice(communes[OLD_LIST if old else NEW_LIST])
        kind = _pick(rng, KINDS)
        person = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        brand = rng.choice(BRANDS)
        name = {
            "cooperative": f"Hợp tác xã Nông nghiệp {brand} {commune.name}",
            "cooperative_group": f"Tổ hợp tác {brand} {commune.name}",
            "enterprise": f"Công ty TNHH {brand} {commune.name}",
            "household_business": f"Hộ kinh doanh {person}",
        }[kind]
        index = len(producers)
        producers.append(
            Producer(
                name=name, kind=kind, commune=commune, representative=person,
                tax_code="" if kind == "household_business" else str(4_600_000_000 + index),
                phone=f"09{rng.randrange(10**8):08d}", address=f"Thôn {rng.randint(1, 12)}",
            )
        )  # fmt: skip
        count = min(n_products - made, 1 + min(int(rng.expovariate(1.0)), 5))
        plans.append((index, commune, old, brand, count))
        made += count
    Producer.objects.bulk_create(producers, batch_size=2000)
    t_producers = time.perf_counter() - t0

    t0 = time.perf_counter()
    products, latest = [], []  # latest: the issue date of each product's latest certificate
    for index, commune, old, brand, count in plans:
        for _ in range(count):
            group, names = rng.choices(names_by_group, weights=group_weights)[0]
            kind_name = rng.choice(names)
            qualifier = f" {rng.choice(QUALIFIERS)}" if group in "12" and rng.random() < 0.3 else ""
            place = commune.name if rng.random() < 0.6 else brand
            name = f"{kind_name}{qualifier} {place}"
            last = last_new_list_day if old else today  # a commune of the old list: certified before July 2025
            issued = first_day + timedelta(days=rng.randrange((last - first_day).days + 1))
            described = rng.random() < 0.4
            packaging, unit = rng.choice(PACKAGING)
            priced = rng.random() < 0.3
            products.append(
                Product(
                    producer=producers[index], name=name, name_folded=fold_name(name),  # as Product.save does
                    groups_edition="ocop/148-2023" if issued >= date(2023, 7, 1) else "ocop/1048-2019",
                    group=group, commune=commune, packaging=packaging if rng.random() < 0.5 else "",
                    description=f"{name} do {producers[index].name} sản xuất tại {commune.title}. "
                    f"{rng.choice(SENTENCES)}" if described else "",
                    price_vnd=rng.randrange(20, 800) * 1000 if priced else None, price_unit=unit if priced else "",
                )
            )  # fmt: skip
            latest.append(issued)
    Product.objects.bulk_create(products, batch_size=2000)
    t_products = time.perf_counter() - t0

    t0 = time.perf_counter()
    certificates = []
    number = 0
    for product, issued in zip(products, latest, strict=True):
        stars = _pick(rng, STARS)
        national = stars == 5
        issuer = None if national else province[product.commune_id]
        renewed = issued > _months_before(today, 12) and rng.random() < 0.15
        for when, current in ((_months_before(issued, 36), False), (issued, True)) if renewed else ((issued, True),):
            number += 1
            revoked = current and rng.random() < 0.01 and when < today - timedelta(days=30)
            certificates.append(
                Certificate(
                    product=product, stars=stars if current else max(3, stars - 1),
                    decision_number=f"{number}/QĐ-{'TTg' if national else 'UBND'}", issued_on=when,
                    issuer_level="national" if national else "province", issuer=issuer,
                    revoked_on=when + timedelta(days=rng.randrange(1, (today - when).days)) if revoked else None,
                    revocation_reason="Vi phạm cam kết chất lượng" if revoked else "",
                )
            )  # fmt: skip
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    t_certificates = time.perf_counter() - t0
    return {
        "producers": len(producers), "products": len(products), "certificates": len(certificates),
        "t_producers": t_producers, "t_products": t_products, "t_certificates": t_certificates,
    }  # fmt: skip


def build_requests(n: int, seed: int, today: date) -> tuple[list[tuple[str, dict]], list[str]]:
    """n searches (what kind of query, and its parameters: the page and the API take the same), and n
    product pages."""
    from tamnong.catalog.models import Entry
    from tamnong.catalog.selectors import SORTS, in_force
    from tamnong.catalog.views import product_url
    from tamnong.core.text import fold_name
    from tamnong.places.models import AdminUnit, Level

    rng = random.Random(seed + 1)
    listed = list(Entry.objects.filter(in_force(today)).select_related("product").order_by("pk"))
    provinces = [u.key for u in AdminUnit.objects.filter(scheme=NEW_LIST, level=Level.PROVINCE)]
    old_provinces = [u.key for u in AdminUnit.objects.filter(scheme=OLD_LIST, level=Level.PROVINCE)]
    kinds = [(k, group) for group, _, names in PRODUCT_KINDS for k in names]
    searches = []
    for _ in range(n):
        kind, group = rng.choice(kinds)
        roll = rng.random()
        if roll < 0.40:  # a kind without diacritics, often only its first words
            words = fold_name(kind).split()
            label, q = "no diacritics", " ".join(words[: rng.randint(min(2, len(words)), len(words))])
        elif roll < 0.60:
            label, q = "with diacritics", kind
        elif roll < 0.70:
            label, q, group = "typo", rng.choice(TYPOS), "1"
        elif roll < 0.88:  # kind and place of a listed product, without diacritics: "mat ong hop tien"
            entry = rng.choice(listed)
            label, q, group = "kind and place", fold_name(entry.product.name), entry.group
        else:
            label, q = "facets only", ""  # browsing
        params = {"q": q} if q else {}
        facet = rng.random()  # facets as people narrow a search: the group of what they typed
        if facet < 0.25:
            params["province"] = rng.choice(old_provinces if rng.random() < 0.2 else provinces)
        elif facet < 0.40:
            params["stars"] = 4
        elif facet < 0.55:
            params["group"] = group
        elif facet < 0.60:
            params.update(province=rng.choice(provinces), stars=4)
        if rng.random() < 0.4:
            params["sort"] = rng.choice(SORTS)
        page = rng.random()
        if page > 0.7:
            params["page"] = 2 if page < 0.9 else rng.randint(3, 5)
        searches.append((label, params))
    pages = [product_url(e) for e in rng.sample(listed, min(n, len(listed)))]
    while len(pages) < n:
        pages.append(product_url(rng.choice(listed)))
    return searches, pages


def check_search_finds(client) -> dict[str, int]:
    """Known words must find products, on both the page and the API: never measure empty pages."""
    counts = {}
    for q in KNOWN:
        body = client.get("/api/v1/catalog/products", {"q": q}).json()
        assert body["count"] > 0 and body["results"], f"the search for “{q}” finds nothing"
        html = client.get("/catalog/", {"q": q}).content.decode()
        assert "data-product=" in html, f"the catalog page for “{q}” lists nothing"
        counts[q] = body["count"]
    return counts


def timed_get(client, path: str, params: dict | None = None) -> tuple[float, object]:
    t0 = time.perf_counter()
    response = client.get(path, params)
    elapsed = time.perf_counter() - t0
    if response.status_code != 200:
        raise SystemExit(f"GET {path} {params or ''}: {response.status_code}\n{response.content[:500]!r}")
    return elapsed, response


def queries_of(client, path: str, params: dict | None = None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    return len(captured.captured_queries)


def summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=240, help="measured requests of each kind")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tamnong-bench-") as tmp:
        setup_django(tmp)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from tamnong.catalog.models import Entry
        from tamnong.catalog.selectors import in_force
        from tamnong.catalog.services import catalog_refresh
        from tamnong.core import clock
        from tamnong.ocop.models import Product

        reverse("orders-new")  # the product page links to it: fail now rather than after building the data
        t0 = time.perf_counter()
        call_command("load_units", stdout=io.StringIO())
        t_units = time.perf_counter() - t0
        if Product.objects.exists():
            raise SystemExit("The database already holds OCOP products: run the benchmark on an empty database.")
        today = clock.today()
        built = build_records(args.products, args.seed, today)
        conn_max_age = connection.settings_dict["CONN_MAX_AGE"]
        print(f"units loaded in {t_units:.1f} s; database: {connection.vendor} (CONN_MAX_AGE={conn_max_age}); "
              f"today: {today:%d/%m/%Y}")  # fmt: skip
        print(f"bulk_create: {built['producers']} producers in {built['t_producers']:.1f} s, "
              f"{built['products']} products in {built['t_products']:.1f} s, "
              f"{built['certificates']} certificates in {built['t_certificates']:.1f} s")  # fmt: skip

        t0 = time.perf_counter()
        entries = catalog_refresh(today=today)
        t_refresh = time.perf_counter() - t0
        in_force_count = Entry.objects.filter(in_force(today)).count()
        print(f"catalog_refresh: {entries} entries in {t_refresh:.1f} s "
              f"({t_refresh / max(entries, 1) * 1000:.1f} ms per product); {in_force_count} in force")  # fmt: skip
        assert entries == built["products"] and 0 < in_force_count < entries
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the statistics autovacuum would have gathered by now
                cursor.execute("ANALYZE")

        client = Client(HTTP_HOST=HOST)
        found = check_search_finds(client)
        print("search finds: " + ", ".join(f"“{q}” {n}" for q, n in found.items()))
        searches, pages = build_requests(args.requests, args.seed, today)
        for (_, params), page in zip(searches[:WARM_UP], pages[:WARM_UP], strict=True):
            for path, data in (("/catalog/", params), ("/api/v1/catalog/products", params), (page, None)):
                timed_get(client, path, data)

        html, api, product = [], [], []
        by_label: dict[str, list[float]] = {}
        rows = 0
        for (label, params), page in zip(searches, pages, strict=True):  # interleaved: noise falls on all three
            html.append(timed_get(client, "/catalog/", params)[0])
            elapsed, response = timed_get(client, "/api/v1/catalog/products", params)
            api.append(elapsed)
            by_label.setdefault(label, []).extend([html[-1], elapsed])
            rows += bool(response.json()["results"])
            product.append(timed_get(client, page)[0])

        base_p95 = summary(product)[1]
        print(f"requests of each kind: {len(product)} (after {WARM_UP} warm-up); {rows} searches had results")
        for label, times in (("search, HTML page", html), ("search, JSON API", api), ("product page (pk)", product)):
            median, p95 = summary(times)
            print(f"  {label:<18} median {median * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
                  f"max {max(times) * 1000:6.1f} ms")  # fmt: skip
        print("  searches by kind of query (page and API together):")
        for label, times in sorted(by_label.items()):
            print(f"    {label:<16} ×{len(times) // 2:<4} median {statistics.median(times) * 1000:6.1f} ms   "
                  f"max {max(times) * 1000:6.1f} ms")  # fmt: skip
        for label, times in (("HTML", html), ("API", api)):
            ratio = summary(times)[1] / base_p95
            print(f"ratio p95 search {label} / p95 product page: {ratio:.1f}x  (goal ≤ 3x: "
                  f"{'met' if ratio <= 3 else 'NOT met'})")  # fmt: skip
        sample = {"q": "mat ong", "province": "2025-07:25", "stars": 4}
        print(f"SQL queries per request: search page {queries_of(client, '/catalog/', {'q': 'mat ong'})} "
              f"({queries_of(client, '/catalog/', sample)} with province and stars), "
              f"API {queries_of(client, '/api/v1/catalog/products', {'q': 'mat ong'})}, "
              f"product page {queries_of(client, pages[0])}")  # fmt: skip


if __name__ == "__main__":
    main()
