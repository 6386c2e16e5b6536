"""Templates chosen by shop policy: a template's `if_policy` names option values it needs (see vocabulary `choices`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .load import Entry
    from .model import Scenario


def policy_at(policy: Mapping[str, Any], dotted_path: str) -> Any:
    """The raw policy value at a dotted path, or None where the path leads nowhere."""
    value: Any = policy
    for part in dotted_path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def applies(if_policy: Mapping[str, Any], policy: Mapping[str, Any]) -> bool:
    """True when every option a template names has that value in the policy (no condition: always)."""
    # str() because the loader may hand over policy scalars as typed text or as YAML numbers.
    return all(str(policy_at(policy, path)) == str(value) for path, value in if_policy.items())


def exclusive(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    """True when no policy can satisfy both conditions (they ask one option for different values)."""
    return any(path in second and str(second[path]) != str(value) for path, value in first.items())


def applicable_scenarios(scenarios: dict[str, Entry[Scenario]], policy: Mapping[str, Any]) -> dict[str, Entry[Scenario]]:
    """Each scenario with only the templates whose `if_policy` matches the policy."""
    chosen = {}
    for entry_id, entry in scenarios.items():
        templates = [template for template in entry.model.templates if applies(template.if_policy, policy)]
        if len(templates) != len(entry.model.templates):
            entry = replace(entry, model=entry.model.model_copy(update={"templates": templates}))
        chosen[entry_id] = entry
    return chosen
