"""`ivigcalc policies --json`: the dosing-weight policies as JSON, with their rules, checks and sources."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from ivigcalc.knowledge.policies import POLICIES, DosingWeightPolicy
from ivigcalc.knowledge.references import REFERENCES
from ivigcalc.model.vocabulary import PolicyId


def policy_payload(policy: DosingWeightPolicy) -> dict[str, Any]:
    data: dict[str, Any] = {field.name: getattr(policy, field.name) for field in fields(policy)}
    data["id"] = policy.id.value
    data["min_weight_kg"] = None if policy.min_weight_kg is None else dict(policy.min_weight_kg)
    data["checks"] = [asdict(check) for check in policy.checks]
    data["reference_ids"] = list(policy.reference_ids)
    data["notes"] = list(policy.notes)
    data["references"] = [REFERENCES[reference].to_dict() for reference in policy.reference_ids]
    return data


def policies_payload(chosen: PolicyId | None = None) -> list[dict[str, Any]] | dict[str, Any]:
    """Every policy (a list), or the one chosen (an object)."""
    if chosen is not None:
        return policy_payload(POLICIES[chosen])
    return [policy_payload(policy) for policy in POLICIES.values()]
