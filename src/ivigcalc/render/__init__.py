"""Human-readable output (Rich). Imported only when a person reads the result: never for JSON, CSV or batch."""
