"""`check` as an API call: parse the patient (as `itp`/`aps` would) and the order, calculate, check."""

from __future__ import annotations

from collections.abc import Mapping

from ivigcalc.api import Settings, aps_from_mapping, itp_from_mapping
from ivigcalc.pharmacy.check import CheckResult, Command, check, parse_order


def check_from_mapping(command: Command, values: Mapping[str, object],
                       order_values: Mapping[str, object], settings: Settings | None = None) -> CheckResult:
    """Parse the patient (as `itp`/`aps` would) and the order, calculate, and check."""
    function = itp_from_mapping if command == "itp" else aps_from_mapping
    expected = function(values, settings)
    product_id = expected.inputs.product
    order = parse_order(order_values, product_id)
    product = None
    if product_id is not None:
        from ivigcalc.knowledge import products

        product = products.get(product_id)
    return check(expected, order, product)
