"""Clinical knowledge as data: references, warnings, regimens, co-therapies and decision tables.

Each record carries the ids of the references behind it, so a clinician can audit a dose or a rule
here without reading any control flow."""
