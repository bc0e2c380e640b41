"""Machine formats: batch (CSV and JSON Lines in and out) and the JSON Schema. Never loads Rich."""
