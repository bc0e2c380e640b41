"""Start-up and batch throughput of ivigcalc, each beside floors measured in the same run.

    python benchmarks/bench.py                  # quick (under a minute): 2,000 rows, 2 rounds
    python benchmarks/bench.py --full           # the README figures: 100,000 rows, 3 rounds
    python benchmarks/bench.py --memory 1000000 # peak memory at 1,000,000 rows, every format and job count

Start-up: median wall time of `ivigcalc itp --weight 70 --platelets 18 --json` and `ivigcalc --version`,
interleaved with the floors `python -c "import typer"` and `python -c "import typer, pydantic"`, so
every command sees the same machine state; reported as ratios to `import typer`.
Batch: generated rows (fixed seed; itp and aps, heights and sexes, causes, products, ~1 % bad rows)
through `ivigcalc batch` to an output file: JSON Lines (full and --compact), CSV and Parquet, each
at --jobs 1 and --jobs <cores>. Rows per second from the process's wall time (start-up included), the
median over interleaved rounds with the range beside it; peak memory is the largest sum of the
proportional set sizes (PSS: shared pages split between the processes sharing them) of the batch
process and its workers, sampled every 50 ms.
Floors, run in the same rounds: the input round trip (read a line, `json.loads`, `json.dumps`, write)
and the record-sized floor (read a line, `json.loads`, write one real ~6 KB `--json` result with the
stdlib encoder), which is the least any stdlib-Python program writing these records pays.
Run it with the Python of the environment ivigcalc is installed in (pyarrow for the Parquet rows).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

LB_TO_KG = 0.45359237  # exact; as ivigcalc.inputs (the benchmark imports nothing from the package)
PYTHON = sys.executable
IVIGCALC = str(Path(PYTHON).with_name("ivigcalc"))
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

ONE_OFF = "ivigcalc itp --weight 70 --platelets 18 --json"
START_UP: dict[str, list[str]] = {
    ONE_OFF: [IVIGCALC, "itp", "--weight", "70", "--platelets", "18", "--json"],
    "ivigcalc --version": [IVIGCALC, "--version"],
    'python -c "import typer"': [PYTHON, "-c", "import typer"],
    'python -c "import typer, pydantic"': [PYTHON, "-c", "import typer, pydantic"],
}
FLOOR = 'python -c "import typer"'

ROUND_TRIP_FLOOR = """
import json, sys
loads, dumps = json.loads, json.dumps
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as target:
    write = target.write
    for line in source:
        write(dumps(loads(line), ensure_ascii=False) + "\\n")
"""
RECORD_FLOOR = """
import json, sys
record = json.loads(open(sys.argv[3], encoding="utf-8").read())
loads, dumps = json.loads, json.dumps
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as target:
    write = target.write
    for line in source:
        loads(line)
        write(dumps(record, ensure_ascii=False, separators=(",", ":")) + "\\n")
"""

CSV_COLUMNS = [
    "id", "command", "weight", "weight_unit", "height", "sex", "age", "pregnant", "platelets", "bleeding",
    "bleeding_risk", "rapid_rise", "procedure", "regimen", "cause", "product", "scenario",
    "failed_standard_therapy", "anticoagulated", "inr", "protocol",
]
PRODUCTS = ("privigen", "gamunex-c", "octagam-10", "gammagard-liquid")
BAD_ROWS: tuple[dict[str, object], ...] = (
    {"command": "itp", "weight": "seventy", "platelets": 18},
    {"command": "itp", "weight": 70},
    {"command": "cure", "weight": 70, "platelets": 18},
    {"command": "aps", "weight": 65, "scenario": "unknown"},
)


# ------------------------------------------------------------------------------------------ rows


def generate_rows(count: int, seed: int = 20260101) -> Iterator[dict[str, object]]:
    """Rows with the variety of a real list: adults and children, with and without height and sex,
    every bleeding level, secondary causes, named products (vial rounding, volume, schedule), the four
    APS scenarios, and about 1 % bad rows (a typo, a missing count, an unknown command). Values as a
    script would write them."""
    rng = random.Random(seed)
    for index in range(count):
        row: dict[str, object] = {"id": f"r{index + 1}"}
        if rng.random() < 0.01:
            row.update(rng.choice(BAD_ROWS))
            yield row
            continue
        child = rng.random() < 0.1
        row["weight"] = round(rng.uniform(12, 60) if child else rng.uniform(40, 160), 1)
        if rng.random() < 0.05 and not child:
            row["weight_unit"] = "lb"
            row["weight"] = round(float(row["weight"]) / LB_TO_KG, 1)
        sex = rng.choice(("female", "male"))
        if rng.random() < 0.7:
            row["height"] = rng.randint(100, 160) if child else rng.randint(150, 198)
            row["sex"] = sex
        if child:
            row["age"] = rng.randint(1, 17)
        elif rng.random() < 0.8:
            row["age"] = rng.randint(18, 92)
        if rng.random() < 0.75:
            row["command"] = "itp"
            row["platelets"] = rng.choice((rng.randint(1, 29), rng.randint(30, 400)))
            row["bleeding"] = rng.choices(("none", "minor", "active", "life-threatening"), (60, 20, 15, 5))[0]
            for flag in ("bleeding_risk", "rapid_rise", "procedure"):
                if rng.random() < 0.1:
                    row[flag] = True
            if rng.random() < 0.1:
                row["cause"] = rng.choice(("hcv", "hiv", "sepsis")) if not child else "primary"
            urgent = row["bleeding"] != "none" or any(row.get(flag) for flag in ("rapid_rise", "procedure"))
            if not child and not urgent and rng.random() < 0.05:
                row["regimen"] = "five-day"  # the slower schedule is refused when a rapid rise is needed
        else:
            row["command"] = "aps"
            scenario = rng.choice(("asymptomatic", "obstetric", "caps", "thrombosis"))
            row["scenario"] = scenario
            if scenario == "obstetric":
                row["sex"] = "female"
                row["pregnant"] = rng.random() < 0.7
                row["failed_standard_therapy"] = rng.random() < 0.8
                row["protocol"] = rng.choice(("five-day", "two-day", "source-2-plus-1"))
            elif scenario == "thrombosis":
                row["anticoagulated"] = rng.random() < 0.8
                if rng.random() < 0.5:
                    row["inr"] = round(rng.uniform(1.2, 3.5), 1)
                row["protocol"] = rng.choice(("standard", "intensive"))
        if row.get("pregnant") and row.get("sex") == "male":
            row["sex"] = "female"
        if rng.random() < 0.3:
            row["product"] = rng.choice(PRODUCTS)
        yield row


def write_inputs(directory: Path, count: int) -> dict[str, Path]:
    """The same rows as JSON Lines, CSV and (with pyarrow) Parquet."""
    paths = {"jsonl": directory / f"rows-{count}.jsonl", "csv": directory / f"rows-{count}.csv"}
    rows = list(generate_rows(count)) if count <= 200_000 else None
    with open(paths["jsonl"], "w", encoding="utf-8") as jsonl, \
            open(paths["csv"], "w", newline="", encoding="utf-8") as table:
        writer = csv.writer(table)
        writer.writerow(CSV_COLUMNS)
        for row in rows if rows is not None else generate_rows(count):
            jsonl.write(json.dumps(row) + "\n")
            writer.writerow(["true" if row.get(c) is True else "" if row.get(c) in (None, False) else row[c]
                             for c in CSV_COLUMNS])
    try:
        import pyarrow as pa
        import pyarrow.csv
        import pyarrow.parquet as pq
    except ImportError:
        return paths
    paths["parquet"] = directory / f"rows-{count}.parquet"
    options = pyarrow.csv.ConvertOptions(column_types={c: pa.string() for c in CSV_COLUMNS})
    pq.write_table(pyarrow.csv.read_csv(paths["csv"], convert_options=options), paths["parquet"])
    return paths


# ------------------------------------------------------------------------------------------ measuring


def _tree_memory_kb(pid: int) -> int:
    """Memory of a process and all its descendants: the sum of their proportional set sizes (Linux
    /proc; a page shared by forked workers counts once, split between them; 0 elsewhere)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed(command: Sequence[str], *, sample: bool = False) -> tuple[float, int, int]:
    """(wall seconds, peak MB, exit code) of one process: the peak of the whole process tree when
    `sample` (rusage's peak would count this benchmark's own memory, forked before the exec), else 0."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while sample:
        waited, status, _ = os.wait4(process.pid, os.WNOHANG)
        if waited:
            break
        peak = max(peak, _tree_memory_kb(process.pid))
        time.sleep(0.05)
    else:
        waited, status, _ = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, peak // 1024, process.returncode


def start_up(runs: int, baseline: str | None = None) -> dict[str, float]:
    """Median ms of each start-up command, all interleaved."""
    commands = dict(START_UP)
    if baseline is not None:
        commands[f"baseline: {ONE_OFF}"] = [baseline, *START_UP[ONE_OFF][1:]]
    for command in commands.values():  # warm the OS caches
        timed(command)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            seconds, _, code = timed(command)
            if code != 0:
                raise SystemExit(f"{label} exited {code}")
            times[label].append(seconds * 1000)
    return {label: statistics.median(values) for label, values in times.items()}


Config = tuple[str, str, list[str], int | None]  # (label, input key, extra options, jobs)


def configurations(paths: dict[str, Path]) -> list[Config]:
    found: list[Config] = []
    for jobs in sorted({1, CORES}):
        found.append(("JSONL full", "jsonl", [], jobs))
        found.append(("JSONL --compact", "jsonl", ["--compact"], jobs))
        found.append(("CSV", "csv", ["--output-format", "csv"], jobs))
        if "parquet" in paths:
            found.append(("Parquet", "parquet", ["--output-format", "parquet"], jobs))
    return found


def throughput(directory: Path, count: int, rounds: int, *, floors: bool = True, baseline: str | None = None,
               only: Sequence[str] = ()) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Rows/s of every configuration (and the floors) over interleaved rounds, and peak MB."""
    paths = write_inputs(directory, count)
    record = directory / "record.json"
    record.write_bytes(subprocess.run([*START_UP[ONE_OFF][:-1], "--product", "privigen", "--json"],
                                      capture_output=True, check=True).stdout)
    commands: dict[str, list[str]] = {}
    target = directory / "out"
    if floors:
        commands["floor: input round trip"] = [PYTHON, "-c", ROUND_TRIP_FLOOR, str(paths["jsonl"]), str(target)]
        commands["floor: record-sized"] = [PYTHON, "-c", RECORD_FLOOR, str(paths["jsonl"]), str(target), str(record)]
    for label, key, options, jobs in configurations(paths):
        if only and not any(word in f"{label} | {jobs}" for word in only):
            continue
        commands[f"{label} | {jobs}"] = [IVIGCALC, "batch", str(paths[key]), "--quiet", *options,
                                         "--jobs", str(jobs), "--output", str(target)]
    if baseline is not None:  # another installation (an earlier version), one process, in the same rounds
        commands["baseline: JSONL full"] = [baseline, "batch", str(paths["jsonl"]), "--quiet", "--output", str(target)]
        commands["baseline: CSV"] = [baseline, "batch", str(paths["csv"]), "--quiet", "--output-format", "csv",
                                     "--output", str(target)]
    rates: dict[str, list[float]] = {label: [] for label in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for round_number in range(rounds):
        for label, command in commands.items():
            seconds, peak, code = timed(command, sample=True)
            if code not in (0, 4):  # 4: the ~1 % bad rows
                raise SystemExit(f"{label} exited {code}")
            rates[label].append(count / seconds)
            peaks[label] = max(peaks[label], peak)
            print(f"  round {round_number + 1}: {label}: {count / seconds:,.0f} rows/s, {peak} MB", file=sys.stderr)
    return rates, peaks


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {CORES} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def report(startup: dict[str, float], runs: int, rates: dict[str, list[float]], peaks: dict[str, int],
           count: int, rounds: int) -> str:
    lines = [f"Machine: {machine()}.", ""]
    if startup:
        floor = startup[FLOOR]
        lines += [f"Start-up, median of {runs} interleaved runs:", "",
                  "| command | median | ÷ `import typer` |", "| --- | ---: | ---: |"]
        lines += [f"| `{label}` | {ms:.0f} ms | {ms / floor:.2f}× |" for label, ms in startup.items()]
        lines.append("")
    if rates:
        record_floor = statistics.median(rates.get("floor: record-sized", [0.0])) or None
        lines += [f"Batch, {count:,} rows, median of {rounds} interleaved rounds (range), output to a file:", "",
                  "| output | jobs | rows/s | range | peak memory | ÷ record-sized floor |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for label, values in rates.items():
            name, _, jobs = label.partition(" | ")
            median = statistics.median(values)
            ratio = f"{median / record_floor:.2f}×" if record_floor and jobs else ""
            lines.append(f"| {name} | {jobs} | {median:,.0f} | {min(values):,.0f}–{max(values):,.0f} "
                         f"| {peaks[label]} MB | {ratio} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the README run: 100,000 rows, 3 rounds, 21 start-ups")
    parser.add_argument("--rows", type=int, help="rows per batch run (default 2,000; --full 100,000)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 2; --full 3)")
    parser.add_argument("--runs", type=int, help="start-up runs per command (default 5; --full 21)")
    parser.add_argument("--memory", type=int, metavar="ROWS",
                        help="only peak memory (and rows/s) at this many rows: one run of every configuration")
    parser.add_argument("--baseline", metavar="IVIGCALC",
                        help="another ivigcalc executable (an earlier version) run beside, JSONL and CSV, one process")
    parser.add_argument("--only", nargs="+", default=[], metavar="WORD",
                        help="only the batch configurations whose label holds one of these (e.g. CSV '| 2')")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args(argv)
    if not Path(IVIGCALC).exists():
        raise SystemExit(f"{IVIGCALC} not found: run this with the Python ivigcalc is installed in")
    count = args.memory or args.rows or (100_000 if args.full else 2_000)
    rounds = 1 if args.memory else args.rounds or (3 if args.full else 2)
    runs = args.runs or (21 if args.full else 5)
    startup = {} if args.skip_startup or args.memory else start_up(runs, args.baseline)
    rates: dict[str, list[float]] = {}
    peaks: dict[str, int] = {}
    if not args.skip_batch:
        with tempfile.TemporaryDirectory(prefix="ivigcalc-bench-") as directory:
            rates, peaks = throughput(Path(directory), count, rounds, floors=not args.memory,
                                      baseline=args.baseline, only=args.only)
    print(report(startup, runs, rates, peaks, count, rounds))


if __name__ == "__main__":
    main()
