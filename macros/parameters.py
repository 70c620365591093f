"""Typed snippet parameters: the one definition of what a valid value is.

The browser applies exactly these rules: each parameter's effective regular expression is computed here and shipped in
the page data, so Python (build time: defaults) and JavaScript (a client's values) accept the same text. Patterns use
only syntax that Python's `re.fullmatch` and JavaScript's `new RegExp("^(?:" + p + ")$")` read the same way.
tests/vectors/template-vectors.json pins the shared behaviour for both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import VALUE_MAX

MAX_LENGTH = VALUE_MAX
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"

# Type -> (pattern, what a valid value looks like). "enum" and "text" build theirs from the parameter definition.
TYPE_PATTERNS: dict[str, tuple[str, str]] = {
    "integer": (r"-?[0-9]{1,10}", "a whole number"),
    "duration": (r"[0-9]{2}:[0-5][0-9]:[0-5][0-9]", "a duration as hh:mm:ss, for example 00:00:05"),
    "hostname": (rf"{_LABEL}(?:\.{_LABEL})*", "a host name such as SERVER or mail.example.com"),
    "domain": (rf"(?:{_LABEL}\.)+[A-Za-z]{{2,63}}", "a domain name such as example.com"),
    "ipv4": (rf"{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}", "an IPv4 address such as 192.0.2.10"),
    "email": (
        rf"[A-Za-z0-9._%+'-]{{1,64}}@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}",
        "an e-mail address such as postmaster@example.com",
    ),
}
PARAMETER_TYPES = (*TYPE_PATTERNS, "enum", "text")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EDGE_BLANKS = re.compile(r"^[ \t]+|[ \t]+$")


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    type: str
    default: int | str
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    pattern: str = ""
    pattern_hint: str = ""

    @property
    def effective_pattern(self) -> str:
        if self.type == "enum":
            return "|".join(re.escape(choice) for choice in self.choices)
        if self.type == "text":
            return self.pattern
        return TYPE_PATTERNS[self.type][0]

    @property
    def expectation(self) -> str:
        if self.type == "enum":
            return "one of " + ", ".join(self.choices)
        if self.type == "text":
            return self.pattern_hint
        return TYPE_PATTERNS[self.type][1]

    def browser_spec(self) -> dict:
        """What the page script needs to validate a value exactly as `validate` does."""
        return {
            "name": self.name, "label": self.label, "type": self.type, "pattern": self.effective_pattern,
            "expect": self.expectation, "min": self.minimum, "max": self.maximum, "default": str(self.default),
        }


class InvalidValue(ValueError):
    """A value that must not reach a snippet; the message says why, for the person who typed it."""


def duration_seconds(text: str) -> int:
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def validate(parameter: Parameter, raw: str) -> int | str:
    """Return the value to render, or raise InvalidValue. Mirrors `validateValue` in browser/parameters.js."""
    return _validated(parameter.type, parameter.effective_pattern, parameter.expectation, parameter.minimum,
                      parameter.maximum, raw)


def filled_values(specs: dict[str, dict], values: dict) -> dict[str, str]:
    """The values an item's commands use: each valid own value, else the parameter's default. `specs` gives each
    parameter's `browser_spec()` by name, `values` the client's values as stored. browser/rules/filled-values.js is
    the JavaScript half (tests/vectors/rules/filled-values.json)."""
    filled = {}
    for name, spec in specs.items():
        try:
            own = _validated_spec(spec, values[name]) if name in values else None
        except InvalidValue:
            own = None
        # The loader refuses a default its parameter would refuse, so the default is valid here.
        filled[name] = str(own if own is not None else _validated_spec(spec, spec["default"]))
    return filled


def _validated_spec(spec: dict, raw: str) -> int | str:
    return _validated(spec["type"], spec["pattern"], spec["expect"], spec.get("min"), spec.get("max"), raw)


def _validated(kind: str, pattern: str, expectation: str, minimum: int | None, maximum: int | None,
               raw: str) -> int | str:
    text = _EDGE_BLANKS.sub("", str(raw))
    if len(text) > MAX_LENGTH:
        raise InvalidValue(f"too long: at most {MAX_LENGTH} characters")
    if _CONTROL.search(text):
        raise InvalidValue("line breaks and control characters are not allowed")
    if text == "":
        raise InvalidValue("a value is required")
    if not re.fullmatch(pattern, text):
        raise InvalidValue(f"expected {expectation}")
    if kind == "integer":
        number = int(text)
        _check_range(number, minimum, maximum, str(minimum), str(maximum))
        return number
    if kind == "duration":
        _check_range(duration_seconds(text), minimum, maximum, _clock(minimum), _clock(maximum))
    return text


def _check_range(number: int, minimum: int | None, maximum: int | None, low_text: str, high_text: str) -> None:
    if minimum is not None and number < minimum or (maximum is not None and number > maximum):
        raise InvalidValue(f"must be from {low_text} to {high_text}")


def _clock(seconds: int | None) -> str:
    seconds = seconds or 0
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
