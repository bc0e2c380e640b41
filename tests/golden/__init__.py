"""The golden corpus: current CLI behaviour, recorded byte for byte (see cases.py, record.py, runner.py)."""
