"""The audit block of a result: what produced it, so a result can be tied to the exact rules.

The ivigcalc version, the knowledge and catalogue versions (hashes of the tables, knowledge/fingerprint.py),
the dosing policy applied, when it was computed, and a hash of the validated inputs.

The timestamp honours SOURCE_DATE_EPOCH (the reproducible-builds convention: seconds since 1970 UTC), so
tests, the golden corpus and documented examples stay byte for byte the same; otherwise it is the
current UTC time to the second.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

from ivigcalc._version import __version__
from ivigcalc.errors import InputError
from ivigcalc.knowledge.fingerprint import catalogue_version, knowledge_version, sha256
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.record import jsonable
from ivigcalc.model.result import Audit

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# Compact, UTF-8 kept, keys sorted: the inputs block as canonical text (built once, as Record's encoder).
_canonical_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def policy_applied(patient: ItpInput | ApsInput) -> str:
    """The id of the dosing-weight policy the calculation followed (knowledge/policies.py)."""
    return patient.policy.value


def timestamp() -> str:
    """ISO 8601 UTC, to the second: SOURCE_DATE_EPOCH when set, else now."""
    fixed = os.environ.get(SOURCE_DATE_EPOCH)
    if fixed is not None and fixed.strip():
        try:
            moment = datetime.fromtimestamp(int(fixed.strip()), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise InputError(None, None, f"{SOURCE_DATE_EPOCH} must be whole seconds since 1970-01-01 UTC, "
                                         f"not {fixed[:40]!r}") from None
    else:
        moment = datetime.now(tz=UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def inputs_hash(patient: ItpInput | ApsInput) -> str:
    """SHA-256 of the validated inputs as JSON with sorted keys (the `inputs` block of the result)."""
    text = _canonical_json(jsonable(patient))
    return "sha256:" + str(sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


def audit_for(patient: ItpInput | ApsInput) -> Audit:
    return Audit(
        ivigcalc_version=__version__, knowledge_version=knowledge_version(),
        catalogue_version=catalogue_version(), policy=policy_applied(patient), timestamp=timestamp(),
        inputs_sha256=inputs_hash(patient),
    )
