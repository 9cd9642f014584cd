"""One way to declare a workflow: the states of a record, the transitions between them with the
action of the authority table each needs, and the named refusal of an act its state does not allow.

    ORDER = Workflow(
        "orders.order", states={"new": ("mới", "new"), ...}, acts={"confirmed": ("xác nhận", "confirm"), ...},
        initial={"new": "orders.order.create"},
        transitions=(Transition("new", "confirmed", "confirmed", "orders.status.change"), ...),
        refusal=Phrase("Đơn hàng {code} không chuyển được từ «{state}» sang «{act}»…", "Order {code} cannot…"),
    )
    grant = authority.authorize(actor, "orders.status.change", unit=..., on=...)   # the service's entry
    row = ORDER.transition(order.status, status, grant=grant, code=order.code)     # or the named refusal
    order.status = row.target

A workflow names the action each transition needs; tamnong.accounts.authority still decides whether
the actor holds it (a `grant` passed in must be for that action: a service cannot move a record
under another act's grant). A transition's `guard` refuses it for a reason other than the state (a
reviewer who drafted the version): it raises its own named error.

Pure: no database and no model; the states are the values the models store. Every workflow is kept
in REGISTRY, which the tests check (every state reachable, every action in the authority table and
declared by a service, every status comparison of a service in a table).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tamnong.core.errors import DomainError
from tamnong.core.i18n import Bilingual

__all__ = ["Transition", "Phrase", "Workflow", "TransitionRefused", "UnknownAct", "WorkflowMisuse", "REGISTRY"]


@dataclass(frozen=True)
class Transition:
    """From `source`, the act `act` leads to `target`; the actor needs `action` of the authority table
    (and, for a step of a procedure, `role`: the role the table's "step" rows stand for)."""

    source: str
    act: str
    target: str
    action: str
    role: str | None = None
    guard: Callable[[Any, Any], None] | None = None  # (record, actor): raises its refusal, or returns


@dataclass(frozen=True)
class Phrase:
    """A refusal in both languages. The placeholders: {state} (the record's state, by its name), {act}
    (the act refused, by its name), {allowed} (the acts its state allows, each as `item`, or `none`)
    and whatever the service passes (a code, a product's name)."""

    vi: str
    en: str
    field: str = "status"
    item_vi: str = "{}"
    item_en: str = "{}"
    none_vi: str = "không có thao tác nào"
    none_en: str = "none"


DEFAULT_REFUSAL = Phrase(
    "Không thể «{act}» khi đang ở trạng thái «{state}». Thao tác được phép: {allowed}.",
    "Cannot “{act}” in state “{state}”. Allowed: {allowed}.",
)
DEFAULT_UNKNOWN = Phrase("Không có thao tác «{act}».", "No action “{act}”.")


class TransitionRefused(DomainError):
    """The act is not allowed from the record's state: the message names the state and the act."""

    def __init__(self, message_vi: str, message_en: str, *, field: str | None, workflow: str, state: str, act: str):
        super().__init__(Bilingual(message_vi, message_en), field=field)
        self.workflow, self.state, self.act = workflow, state, act


class UnknownAct(DomainError):
    """An act the workflow does not have (a value sent by hand)."""

    def __init__(self, message_vi: str, message_en: str, *, field: str | None, workflow: str, act: str):
        super().__init__(Bilingual(message_vi, message_en), field=field)
        self.workflow, self.act = workflow, act


class WorkflowMisuse(RuntimeError):
    """A programming error: a transition applied under the grant of another action."""


REGISTRY: dict[str, Workflow] = {}


@dataclass(frozen=True)
class Workflow:
    """A workflow as a table. `states` and `acts`: code → (Vietnamese, English) name; `initial`: each
    state a record starts in → the action that creates it; `carried`: the states a record may hold from
    an earlier table of the same records (a dated procedure replaced by another); `refusals`: a phrase per act, where the
    act's refusal says more than `refusal`; `refused`/`unknown`: the named error classes raised."""

    name: str
    states: dict[str, tuple[str, str]]
    acts: dict[str, tuple[str, str]]
    initial: dict[str, str]
    transitions: tuple[Transition, ...]
    carried: tuple[str, ...] = ()
    refusal: Phrase = DEFAULT_REFUSAL
    refusals: dict[str, Phrase] = field(default_factory=dict)
    unknown: Phrase = DEFAULT_UNKNOWN
    refused: type[TransitionRefused] = TransitionRefused
    unknown_error: type[UnknownAct] = UnknownAct

    def __post_init__(self) -> None:
        REGISTRY[self.name] = self

    # -- reading the table ------------------------------------------------------------------------

    def allowed(self, state: str) -> list[Transition]:
        """The transitions from a state, in the table's order."""
        return [t for t in self.transitions if t.source == state]

    def acts_from(self, state: str) -> tuple[str, ...]:
        return tuple(t.act for t in self.allowed(state))

    def targets_from(self, state: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.target for t in self.allowed(state)))

    def sources(self, act: str) -> tuple[str, ...]:
        """The states from which the act is allowed (for a query over records that may take it)."""
        return tuple(dict.fromkeys(t.source for t in self.transitions if t.act == act))

    def allows(self, state: str, act: str) -> bool:
        return any(t.act == act for t in self.allowed(state))

    def actions(self) -> set[str]:
        """Every action of the authority table the workflow names (its transitions' and its creations')."""
        return {t.action for t in self.transitions} | set(self.initial.values())

    def state_name(self, state: str, lang: str = "vi") -> str:
        vi, en = self.states.get(state, (state, state))
        return en if lang == "en" else vi

    def problems(self) -> list[str]:
        """What is inconsistent in the table (none when it is sound): unknown states or acts, a state no
        creation, no earlier table and no transition reaches, a phrase for an act that is not one."""
        out = []
        for state in self.initial:
            if state not in self.states:
                out.append(f"{self.name}: initial state {state!r} is not a state")
        for t in self.transitions:
            for state in (t.source, t.target):
                if state not in self.states:
                    out.append(f"{self.name}: {t.source} --{t.act}--> {t.target}: {state!r} is not a state")
            if t.act not in self.acts:
                out.append(f"{self.name}: {t.source} --{t.act}--> {t.target}: {t.act!r} is not an act")
        seen: set[str] = set()
        for t in self.transitions:
            if (t.source, t.act) in seen:
                out.append(f"{self.name}: two transitions for {t.act!r} from {t.source!r}")
            seen.add((t.source, t.act))
        reached, todo = {*self.initial, *self.carried}, [*self.initial, *self.carried]
        while todo:
            for t in self.allowed(todo.pop()):
                if t.target not in reached:
                    reached.add(t.target)
                    todo.append(t.target)
        out += [f"{self.name}: state {s!r} is never reached" for s in self.states if s not in reached]
        out += [f"{self.name}: refusal for {a!r}, which is not an act" for a in self.refusals if a not in self.acts]
        return out

    # -- applying it ------------------------------------------------------------------------------

    def transition(self, state: str, act: str, *, record=None, actor=None, grant=None, **context) -> Transition:
        """The row for the act from the state, or the named refusal (UnknownAct, TransitionRefused).
        `grant`: the service's authority grant, which must be for the row's action; a row's guard is
        asked with the `record` and the actor (the grant's when given)."""
        if act not in self.acts:
            raise self.unknown_error(*self._phrase(self.unknown, state, act, context), field=self.unknown.field,
                                     workflow=self.name, act=act)  # fmt: skip
        row = next((t for t in self.allowed(state) if t.act == act), None)
        if row is None:
            phrase = self.refusals.get(act, self.refusal)
            raise self.refused(*self._phrase(phrase, state, act, context), field=phrase.field, workflow=self.name,
                               state=state, act=act)  # fmt: skip
        if grant is not None and grant.action != row.action:
            raise WorkflowMisuse(f"{self.name}: {state} --{act}--> needs {row.action}, not a grant of {grant.action}")
        if row.guard is not None:
            row.guard(record, grant.actor if grant is not None else actor)
        return row

    def _phrase(self, phrase: Phrase, state: str, act: str, context: dict) -> tuple[str, str]:
        out = []
        for lang, item, none, template in (
            (0, phrase.item_vi, phrase.none_vi, phrase.vi), (1, phrase.item_en, phrase.none_en, phrase.en),
        ):  # fmt: skip
            allowed = ", ".join(item.format(self.acts[a][lang]) for a in self.acts_from(state)) or none
            state_name = self.states.get(state, (state, state))[lang]
            act_name = self.acts.get(act, (act, act))[lang]
            known = ", ".join(self.acts)
            out.append(template.format(state=state_name, act=act_name, allowed=allowed, known=known, **context))
        return out[0], out[1]
