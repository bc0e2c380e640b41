"""Help that teaches: options grouped by what they describe (the panels of core/fields.py), then real
examples. Plain text, so `--help` never imports Rich and reads the same in a pipe."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand

# Panels listed last, in this order; every other panel keeps the order of its first option.
_LAST_PANELS = ("Output", "Options")

EXAMPLES: dict[str, tuple[str, ...]] = {
    "itp": (
        "ivigcalc itp --weight 70 --platelets 18 --bleeding active",
        "ivigcalc itp --weight 100 --height 175 --sex male --age 50 --platelets 8 --bleeding life-threatening",
        "ivigcalc itp --weight 70 --platelets 18 --bleeding active --product privigen",
        "ivigcalc itp --weight 70 --platelets 18 --rapid-rise --json",
    ),
    "aps": (
        "ivigcalc aps --weight 65 --scenario caps",
        "ivigcalc aps --weight 80 --scenario thrombosis --inr 1.6",
        "ivigcalc aps --weight 70 --sex female --scenario obstetric --failed-standard-therapy",
    ),
    "grade": ("ivigcalc grade --platelets 30", "ivigcalc grade --platelets 30000 --platelet-unit /uL"),
    "references": ("ivigcalc references", "ivigcalc references ash-2011"),
    "warnings": ("ivigcalc warnings", "ivigcalc warnings unadjusted-weight"),
    "products": ("ivigcalc products", "ivigcalc products privigen"),
    "batch": (
        "ivigcalc batch patients.csv --output results.jsonl",
        "ivigcalc batch patients.jsonl --output-format csv --output results.csv",
    ),
    "schema": ("ivigcalc schema row",),
    "check itp": (
        "ivigcalc check itp --weight 70 --platelets 18 --bleeding active --ordered-dose 70 --ordered-days 1",
        "ivigcalc check itp --weight 70 --platelets 18 --product privigen --ordered-dose 70 --ordered-days 1 "
        "--ordered-rate 300",
    ),
    "check aps": ("ivigcalc check aps --weight 65 --scenario caps --ordered-dose 26 --ordered-days 5",),
}


class PanelledCommand(TyperCommand):
    """A command whose --help lists its options in panels, then its examples."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        panels: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append(record)
            else:
                panels.setdefault(getattr(param, "rich_help_panel", None) or "Options", []).append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        ordered = [name for name in panels if name not in _LAST_PANELS]
        ordered += [name for name in _LAST_PANELS if name in panels]
        for name in ordered:
            with formatter.section(name):
                formatter.write_dl(panels[name])

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        examples = EXAMPLES.get(ctx.command_path.removeprefix("ivigcalc").strip(), ())
        if not examples:
            return
        formatter.write_paragraph()
        formatter.write_text("Examples:")
        with formatter.indentation():
            for line in examples:  # whole, unwrapped: they are meant to be copied
                formatter.write(" " * formatter.current_indent + line + "\n")
