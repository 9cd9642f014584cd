"""Running a legal case: the engine's answer against what the case expects, each difference named."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tamnong.rules import authority as acts
from tamnong.rules import errors as rules_errors
from tamnong.rules import ocop
from tamnong.rules.cases.files import kind
from tamnong.rules.cases.model import Case, Mismatch, Outcome, show
from tamnong.rules.errors import RulesError
from tamnong.rules.evaluate import evaluate
from tamnong.rules.loader import load_edition, load_overlay
from tamnong.rules.model import Edition, Facts, Place

ERROR_WORDS = {
    "NotInForce": ("bộ tiêu chí hoặc ngưỡng chưa có hiệu lực vào ngày này", "the criteria or threshold is not in force on that date"),
    "PlaceIncomplete": ("nơi của xã thiếu điều bộ tiêu chí cần (vùng, nhóm xã)", "the place lacks what the edition needs (region, group)"),
    "PlaceInvalid": ("nơi của xã không có trong bộ tiêu chí", "the place is not in the edition"),
    "FactsError": ("dữ kiện không hợp lệ", "the facts are not valid"),
    "UnknownEdition": ("không có bộ tiêu chí này", "no such edition"),
}  # fmt: skip


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class _Checks:
    """Collects the mismatches of one case."""

    def __init__(self) -> None:
        self.found: list[Mismatch] = []

    def equal(self, what: tuple[str, str], want: Any, got: Any, *, got_text: tuple[str, str] | None = None) -> None:
        if _same(want, got):
            return
        if isinstance(got, date) and isinstance(want, str):
            want = _date(want)
        self.found.append(
            Mismatch(what[0], what[1], show(want, "vi"), show(want, "en"),
                     got_text[0] if got_text else show(got, "vi"), got_text[1] if got_text else show(got, "en"))
        )  # fmt: skip

    def failed(self, what: tuple[str, str], expected: tuple[str, str], got: tuple[str, str]) -> None:
        self.found.append(Mismatch(what[0], what[1], expected[0], expected[1], got[0], got[1]))


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got or want == got and type(want) is type(got)
    if isinstance(want, int | float | Decimal) and isinstance(got, int | float | Decimal):
        return Decimal(str(want)) == Decimal(str(got))
    if isinstance(want, list | tuple) and isinstance(got, list | tuple):
        return len(want) == len(got) and all(_same(a, b) for a, b in zip(want, got, strict=True))
    if isinstance(got, date) and not isinstance(want, date) and want is not None:
        return _date(want) == got
    return want == got


def _error_text(exc: Exception) -> tuple[str, str]:
    vi = getattr(exc, "message_vi", None) or str(exc)
    return vi, getattr(exc, "message_en", None) or vi


def run(case: Case, *, edition: Edition | None = None) -> Outcome:
    """Run one case (an NTM case against `edition` when given, else its edition as shipped)."""
    checks = _Checks()
    try:
        {"edition": _run_edition, "ocop": _run_ocop, "act": _run_act}[kind(case.data)](case, checks, edition)
    except (RulesError, LookupError, ValueError, TypeError) as exc:
        vi, en = _error_text(exc)
        checks.failed(
            ("chạy tình huống", "running the case"),
            ("kết quả như tình huống ghi", "the result the case states"),
            (f"lỗi: {vi}", f"error: {en}"),
        )
    return Outcome(case, tuple(checks.found))


def run_all(cases: Iterable[Case], *, edition: Edition | None = None) -> list[Outcome]:
    return [run(c, edition=edition) for c in cases]


def summary(outcomes: Sequence[Outcome], lang: str = "vi") -> str:
    failed = sum(1 for o in outcomes if not o.passed)
    passed = len(outcomes) - failed
    if lang == "en":
        return f"{len(outcomes)} case{'' if len(outcomes) == 1 else 's'}: {passed} passed, {failed} failed."
    return f"{len(outcomes)} tình huống: {passed} đúng, {failed} sai."


# --------------------------------------------------------------------------- NTM editions


def _place(raw: dict[str, Any]) -> Place:
    return Place(
        scheme=str(raw.get("scheme", "2008-2025")),
        province_code=str(raw["province"]),
        region=raw.get("region"),
        commune_group=str(raw["commune_group"]) if raw.get("commune_group") is not None else None,
        flags=frozenset(raw.get("flags", [])),
    )


def _split(key: str, default_tier: str | None) -> tuple[str | None, str]:
    if "/" in key:
        tier, _, rest = key.partition("/")
        return tier, rest
    return default_tier, key


def _indicator(ev, key: str):  # type: ignore[no-untyped-def]
    tier, code = _split(key, None)
    for t in ev.tiers:
        if tier is None or t.id == tier:
            try:
                return t.indicator(code)
            except KeyError:
                continue
    return None


def _named(kind_vi: str, kind_en: str, key: str) -> tuple[str, str]:
    return f"{kind_vi} {key}", f"{kind_en} {key}"


def _run_edition(case: Case, checks: _Checks, edition: Edition | None) -> None:
    data = case.data
    if edition is None:
        if not case.edition_id:
            raise rules_errors.UnknownEdition(
                "không biết tình huống thuộc bộ tiêu chí nào (ghi edition, hoặc đặt tệp trong thư mục của bộ)",
                "the case names no edition (write edition, or put the file in the edition's folder)",
            )
        edition = load_edition(case.edition_id)
    for rel in data.get("overlays", []):
        edition = edition.with_overlays(load_overlay(Path(case.overlay_dir or ".") / rel, edition))
    on = _date(data["on"])
    place = _place(dict(data["place"]))
    facts = Facts.from_mapping({"values": data.get("facts") or {}, "assessments": data.get("assessments") or {}})
    expect = data["expect"]

    if "error" in expect:
        want = str(expect["error"])
        words = ERROR_WORDS.get(want, (want, want))
        try:
            evaluate(edition, facts, on=on, place=place)
        except RulesError as exc:
            if type(exc).__name__ != want:
                checks.failed(("lỗi", "error"), words, _error_text(exc))
        else:
            checks.failed(("lỗi", "error"), words, ("đánh giá chạy được, không có lỗi", "the evaluation ran, no error"))
        return

    ev = evaluate(edition, facts, on=on, place=place)
    first = ev.tiers[0].id
    missing = ("không có trong kết quả đánh giá", "not in the evaluation")
    for key, want in expect.items():
        if key in ("criteria", "threshold", "explanation", "tier_reached", "special_rules", "notes"):
            continue
        got = _indicator(ev, str(key))
        what = _named("chỉ tiêu", "indicator", str(key))
        if got is None:
            checks.failed(what, (show(want, "vi"), show(want, "en")), missing)
        else:
            checks.equal(
                what,
                want,
                got.status,
                got_text=(
                    f"{show(got.status, 'vi')} ({got.explanation_vi})",
                    f"{show(got.status, 'en')} ({got.explanation_en})",
                ),
            )
    for key, want in (expect.get("criteria") or {}).items():
        tier, number = _split(str(key), first)
        what = _named("tiêu chí", "criterion", str(key))
        try:
            got = ev.tier(tier).criterion(number)  # type: ignore[arg-type]
        except KeyError:
            checks.failed(what, (show(want, "vi"), show(want, "en")), missing)
            continue
        checks.equal(
            what,
            want,
            got.status,
            got_text=(
                f"{show(got.status, 'vi')} ({got.explanation_vi})",
                f"{show(got.status, 'en')} ({got.explanation_en})",
            ),
        )
    for key, want in (expect.get("threshold") or {}).items():
        got = _indicator(ev, str(key))
        what = _named("ngưỡng của chỉ tiêu", "threshold of indicator", str(key))
        checks.equal(what, want, got.threshold if got else None)
    for key, want in (expect.get("explanation") or {}).items():
        got = _indicator(ev, str(key))
        text = got.explanation_vi if got else ""
        if want not in text:
            checks.failed(
                _named("lời giải thích của chỉ tiêu", "explanation of indicator", str(key)),
                (f"có «{want}»", f"contains “{want}”"), (text or missing[0], text or missing[1]),
            )  # fmt: skip
    if "tier_reached" in expect:
        names = {t.id: (t.name_vi, t.name_en) for t in edition.tiers}
        want, got = expect["tier_reached"], ev.tier_reached
        if want != got:
            none = ("chưa đạt mức nào", "no tier")
            checks.failed(("mức đạt", "tier reached"), names.get(want, none), names.get(got, none))
    if "special_rules" in expect:
        checks.equal(("quy tắc đặc biệt áp dụng", "special rules applied"),
                     list(expect["special_rules"]), list(ev.trace.special_rules_applied))  # fmt: skip
    for want in expect.get("notes") or []:
        if not any(want in n for n in ev.notes_vi):
            checks.failed(("ghi chú", "notes"), (f"có «{want}»", f"contains “{want}”"),
                          ("; ".join(ev.notes_vi) or "không có", "; ".join(ev.notes_en) or "none"))  # fmt: skip


# --------------------------------------------------------------------------- OCOP


def _expect(checks: _Checks, expect, got: dict[str, Any], names: dict[str, tuple[str, str]]) -> None:
    for key, want in expect.items():
        if key in got:
            checks.equal(names.get(key, (key, key)), want, got[key])


OCOP_NAMES = {
    "stars": ("số sao", "stars"),
    "to_next_star": ("số điểm còn thiếu để lên sao kế tiếp", "points short of the next star"),
    "sheet": ("phiếu đánh giá có hiệu lực", "score sheet in force"),
    "parts_max": ("điểm tối đa từng phần", "maximum points of each part"),
    "recognises": ("số sao cấp này công nhận", "stars this level recognises"),
    "forwards_from": ("tổng điểm từ đó chuyển lên cấp trên", "total from which it forwards to the next level"),
    "prechecks": ("cấp này sơ loại", "this level pre-checks"),
    "next_level": ("cấp trên kế tiếp", "next level"),
    "total": ("tổng điểm", "total"),
    "decision": ("việc hội đồng làm", "what the council does"),
    "recognised_stars": ("số sao được công nhận", "stars recognised"),
    "forward_to": ("chuyển lên", "forwarded to"),
    "expires_on": ("ngày cuối còn hiệu lực", "last day valid"),
    "notice_due_on": ("hạn thông báo cho chủ thể", "notice due by"),
    "state": ("tình trạng giấy chứng nhận", "certificate state"),
    "error": ("lỗi", "error"),
}


def _run_ocop(case: Case, checks: _Checks, _edition: Edition | None) -> None:
    data, expect = case.data, case.data["expect"]
    question = data["ocop"]
    got: dict[str, Any] = {}
    if question == "stars":
        total = Decimal(str(data["total"]))
        got = {"stars": ocop.stars_for(total), "to_next_star": ocop.next_star_gap(total)}
    elif question == "sheet":
        try:
            sheet = ocop.sheet_in_force(_date(data["on"]))
        except LookupError:
            got = {"error": "not_in_force"}
        else:
            got = {"sheet": sheet.id, "parts_max": {p.code: p.max for p in sheet.parts}, "error": None}
    elif question == "authority":
        try:
            rule = ocop.authority(_date(data["on"]), str(data["level"]))
        except LookupError:
            got = {"error": "not_in_force"}
        else:
            got = {"recognises": list(rule.recognises), "forwards_from": rule.forwards_from,
                   "prechecks": rule.prechecks, "next_level": rule.next_level, "error": None}  # fmt: skip
    elif question == "result":
        on = _date(data["on"])
        sheet = ocop.sheet_get(str(data["sheet"])) if data.get("sheet") else ocop.sheet_in_force(on)
        r = ocop.result(sheet, dict(data["parts"]), on=on, level=str(data["level"]))
        got = {"total": r.total, "stars": r.stars, "decision": r.decision, "recognised_stars": r.recognised_stars,
               "forward_to": r.forward_to}  # fmt: skip
    elif question == "certificate":
        issued = _date(data["issued_on"])
        got = {"expires_on": ocop.expires_on(issued), "notice_due_on": ocop.notice_due_on(issued)}
        if data.get("today") is not None:
            got["state"] = ocop.certificate_state(
                issued, today=_date(data["today"]), revoked_on=_date(data.get("revoked_on")),
                superseded_on=_date(data.get("superseded_on")),
            )  # fmt: skip
    if "parts_max" in got:
        if "parts_max" in expect and dict(expect["parts_max"]) != got["parts_max"]:
            fmt = ", ".join(f"{k}: {v}" for k, v in got["parts_max"].items())
            want = ", ".join(f"{k}: {v}" for k, v in dict(expect["parts_max"]).items())
            checks.failed(OCOP_NAMES["parts_max"], (want, want), (fmt, fmt))
        got.pop("parts_max")
    if got.get("error") and "error" not in expect:
        checks.failed(
            OCOP_NAMES["error"], ("không có lỗi", "no error"), (show(got["error"], "vi"), show(got["error"], "en"))
        )
        return
    unanswered = sorted(set(expect) - set(got) - {"parts_max"})
    if unanswered:
        raise RulesError(
            f"câu hỏi OCOP «{question}» không trả lời {', '.join(unanswered)}",
            f"the OCOP question “{question}” does not answer {', '.join(unanswered)}",
        )
    _expect(checks, expect, got, OCOP_NAMES)


# --------------------------------------------------------------------------- the authority table


def _run_act(case: Case, checks: _Checks, _edition: Edition | None) -> None:
    data, expect = case.data, case.data["expect"]
    action = acts.action_get(str(data["act"]))
    got = acts.who(action.code, level=str(data["level"]), on=_date(data["on"]))
    level_vi, level_en = acts.LEVEL_NAMES.get(str(data["level"]), (data["level"], data["level"]))
    checks.equal(
        (f"ai được «{action.name_vi}» ở {level_vi}", f"who may “{action.name_en}” at the {level_en}"),
        list(expect["who"]), got,
    )  # fmt: skip
