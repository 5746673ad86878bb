"""Plain data with positions → a validated Agreement, every problem reported at once with its FILE:LINE:COL."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sla_docgen.errors import Issue, ValidationFailed, format_path
from sla_docgen.i18n import N_
from sla_docgen.loader import FieldPath, Loaded
from sla_docgen.logo import Logo, find_logo
from sla_docgen.model import Agreement, check
from sla_docgen.model import funnel as model_funnel
from sla_docgen.model import types as model_types
from sla_docgen.model.types import CUSTOM_MESSAGES, MAX_QUANTITY, MSG_TEXT_TYPE, describe

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """A validated agreement together with the file it was read from and the files it names, checked."""

    agreement: Agreement
    source: Loaded
    logo: Logo | None = None
    """The branding logo, found and decoded (so that a file that validates also renders)."""


MSG_MISSING = N_("required field is missing")
MSG_UNKNOWN_FIELD = N_("unknown field {key!r}")
MSG_UNKNOWN_FIELD_HINT = N_("unknown field {key!r}; did you mean {hint!r}?")
MSG_INT = N_("expected a whole number, got {kind} {given}")
MSG_BOOL = N_("expected true or false, got {kind} {given}")
MSG_CHOICE = N_("expected one of {expected}, got {given}")
MSG_LIST = N_("expected a list, got {kind} {given}")
MSG_MAPPING = N_("expected a mapping of fields, got {kind} {given}")
MSG_GE = N_("must be at least {limit}")
MSG_LE = N_("must be at most {limit}")
MSG_TOO_SHORT = N_("needs at least {limit} item(s)")
MSG_TOO_LONG = N_("allows at most {limit} item(s)")
MSG_STR_TOO_LONG = N_("text longer than {limit} characters")
MSG_ID = N_("{given} is not a valid id: use lower-case letters, digits, '-' and '_', starting with a letter")
MSG_EMAIL = N_("{given} is not an e-mail address")
MSG_VERSION = N_('{given} is not a version such as "1.2"; write versions as quoted text')
MSG_CURRENCY = N_("{given} is not a 3-letter currency code such as JPY")
MSG_COLOR = N_("{given} is not a colour written as #RRGGBB")
MSG_AGREEMENT_ID = N_("{given} is not a valid agreement id: letters, digits, '.', '-' and '_'")
MSG_GOAL_REF = N_("{given} is not a goal id such as new-bookings or marketing.leads")
MSG_FINDING_CODE = N_("{given} is not a finding code such as handoff-stage-owner")
MSG_OTHER = N_("{detail}")
MSG_FUNNEL_SCALE = N_(
    "with this rate the funnel needs more than {limit} leads a month at stage {stage!r}: check the rates and the share"
)

_PATTERN_MESSAGES = {
    model_types.ID_PATTERN: MSG_ID,
    model_types.EMAIL_PATTERN: MSG_EMAIL,
    model_types.VERSION_PATTERN: MSG_VERSION,
    model_types.CURRENCY_PATTERN: MSG_CURRENCY,
    model_types.COLOR_PATTERN: MSG_COLOR,
    model_types.AGREEMENT_ID_PATTERN: MSG_AGREEMENT_ID,
    model_funnel.GOAL_REF_PATTERN: MSG_GOAL_REF,
    model_funnel.FINDING_CODE_PATTERN: MSG_FINDING_CODE,
}
_TYPE_MESSAGES = {
    "int_type": MSG_INT,
    "int_from_float": MSG_INT,
    "bool_type": MSG_BOOL,
    "list_type": MSG_LIST,
    "dict_type": MSG_MAPPING,
    "model_type": MSG_MAPPING,
    "model_attributes_type": MSG_MAPPING,
    "string_type": MSG_TEXT_TYPE,
}
_LIMIT_MESSAGES = {
    "greater_than_equal": (MSG_GE, "ge"),
    "less_than_equal": (MSG_LE, "le"),
    "too_short": (MSG_TOO_SHORT, "min_length"),
    "too_long": (MSG_TOO_LONG, "max_length"),
    "string_too_long": (MSG_STR_TOO_LONG, "max_length"),
}


def validate(loaded: Loaded, *, template_dir: Path | None = None) -> Questionnaire:
    """Validate the loaded data against the models and the cross-section rules, then check the files it
    names as `render` would use them (the logo, looked up beside the questionnaire, then in `template_dir`)."""
    try:
        agreement = Agreement.model_validate(loaded.data)
    except ValidationError as exc:
        raise ValidationFailed([_issue(loaded, error) for error in exc.errors(include_url=False)]) from None
    findings = check(agreement)
    if findings:
        raise ValidationFailed([_located(loaded, finding.path, finding.msgid, finding.params) for finding in findings])
    _check_funnel_scale(loaded, agreement)
    branding = agreement.agreement.branding
    logo = find_logo(loaded, branding.logo, template_dir) if branding and branding.logo else None
    return Questionnaire(agreement, loaded, logo)


def _check_funnel_scale(loaded: Loaded, agreement: Agreement) -> None:
    """The figures the funnel derives stay within the range of the questionnaire's own numbers.

    Each rate divides the count above it: rates of 1e-300 % (in range) would have the funnel need
    10^900 leads a month, which no chart can draw and no float can hold.
    """
    if agreement.funnel is None:
        return
    from sla_docgen.funnel.numbers import funnel_numbers

    numbers = funnel_numbers(agreement)
    assert numbers is not None
    for index in range(len(numbers.stages) - 1, 0, -1):  # from the won stage up: counts only grow
        if numbers.stages[index - 1].per_month > MAX_QUANTITY:
            step = agreement.funnel.stages[index]
            key = "rate" if step.rate is not None else "rate_goal" if step.rate_goal is not None else "rate_handoff"
            path = ("funnel", "stages", index, key)
            params = {"limit": f"{MAX_QUANTITY:,}", "stage": numbers.stages[index - 1].stage}
            raise ValidationFailed([_located(loaded, path, MSG_FUNNEL_SCALE, params)])


def validate_model(loaded: Loaded, model: type[ModelT]) -> ModelT:
    """Validate loaded data against any questionnaire-style model (a report mapping), errors located likewise."""
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise ValidationFailed([_issue(loaded, error, model) for error in exc.errors(include_url=False)]) from None


def _located(loaded: Loaded, path: FieldPath, msgid: str, params: dict[str, Any], at_key: bool = False) -> Issue:
    mark = loaded.keys[path] if at_key and path in loaded.keys else loaded.mark(path)
    return Issue(loaded.file, mark.line, mark.column, format_path(path), msgid, params)


def _issue(loaded: Loaded, error: Any, root: type[BaseModel] = Agreement) -> Issue:
    path: FieldPath = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    raw = _short(loaded.values[path].raw) if path in loaded.values else None
    kind_word, given = describe(value)
    given = raw if raw is not None else given
    if kind.startswith("sla_"):
        params = dict(ctx)
        if "given" in params and raw is not None:
            params["given"] = raw
        return _located(loaded, path, CUSTOM_MESSAGES[kind], params)
    if kind == "missing":
        return _located(loaded, path, MSG_MISSING, {})
    if kind == "extra_forbidden":
        key = str(path[-1])
        hint = difflib.get_close_matches(key, _field_names(path[:-1], root), n=1, cutoff=0.6)
        if hint:
            return _located(loaded, path, MSG_UNKNOWN_FIELD_HINT, {"key": key, "hint": hint[0]}, at_key=True)
        return _located(loaded, path, MSG_UNKNOWN_FIELD, {"key": key}, at_key=True)
    if kind in _TYPE_MESSAGES:
        return _located(loaded, path, _TYPE_MESSAGES[kind], {"kind": kind_word, "given": given})
    if kind in ("enum", "literal_error"):
        return _located(loaded, path, MSG_CHOICE, {"expected": ctx.get("expected", ""), "given": given or kind_word})
    if kind in _LIMIT_MESSAGES:
        msgid, name = _LIMIT_MESSAGES[kind]
        limit = ctx.get(name)
        return _located(loaded, path, msgid, {"limit": f"{limit:,}" if isinstance(limit, int) else limit})
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_MESSAGES:
        return _located(loaded, path, _PATTERN_MESSAGES[ctx["pattern"]], {"given": repr(value)})
    return _located(loaded, path, MSG_OTHER, {"detail": error["msg"]})


def _short(raw: str | None) -> str | None:
    """A value as written, cut short for a one-line message (a number may have thousands of digits)."""
    return raw if raw is None or len(raw) <= 40 else raw[:39] + "…"


def _field_names(path: FieldPath, root: type[BaseModel]) -> list[str]:
    """The field names allowed in the mapping at `path`, for did-you-mean hints."""
    annotation: Any = root
    for part in path:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    model = _unwrap(annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [f.alias or name for name, f in model.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = members[0]
        else:
            return annotation


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if isinstance(part, int) and origin is list:
        return typing.get_args(annotation)[0]
    if isinstance(part, str) and origin is dict:
        return typing.get_args(annotation)[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, f in annotation.model_fields.items():
            if part in (name, f.alias):
                return f.annotation
    return None
