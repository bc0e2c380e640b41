"""Start-up and batch throughput of ivigcalc, each beside a floor measured in the same run.

    python benchmarks/bench.py                 # the full run reported in the README
    python benchmarks/bench.py --quick         # 5 start-up runs, 20,000 rows: a smoke test

Start-up: median wall time of `ivigcalc --version`, `--help` and `itp --weight 70 --platelets 18
--json` over --runs runs, interleaved with the floor `python -c "import typer, pydantic"` so both see
the same machine state; reported as a ratio to the floor.
Throughput: generated rows (fixed seed, a realistic mix of itp and aps, every row valid) through
`ivigcalc batch` to an output file, JSONL and CSV; rows per second from the process's wall time
(start-up included) and its peak RSS. Floor: a plain Python JSON round trip of the same file (read
each line, parse, serialise, write), and for CSV a csv.reader -> csv.writer copy.
Run it with the Python of the environment ivigcalc is installed in; nothing else is needed.
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

START_UP_COMMANDS: dict[str, list[str]] = {
    "ivigcalc --version": [IVIGCALC, "--version"],
    "ivigcalc --help": [IVIGCALC, "--help"],
    "ivigcalc itp --weight 70 --platelets 18 --json": [
        IVIGCALC, "itp", "--weight", "70", "--platelets", "18", "--json"],
}
FLOOR_COMMAND = [PYTHON, "-c", "import typer, pydantic"]
# Shown beside it: `import pydantic` is lazy; any program that defines a pydantic model also pays for this.
MODEL_FLOOR_COMMAND = [PYTHON, "-c", "import typer; from pydantic import BaseModel"]

JSON_FLOOR = """
import json, sys
loads, dumps = json.loads, json.dumps
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as target:
    write = target.write
    for line in source:
        write(dumps(loads(line), ensure_ascii=False) + "\\n")
"""
CSV_FLOOR = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as source, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as target:
    csv.writer(target).writerows(csv.reader(source))
"""

CSV_COLUMNS = [
    "id", "command", "weight", "weight_unit", "height", "sex", "age", "pregnant", "platelets", "bleeding",
    "bleeding_risk", "rapid_rise", "procedure", "regimen", "scenario", "failed_standard_therapy",
    "anticoagulated", "inr", "protocol",
]


# ------------------------------------------------------------------------------------------ rows


def generate_rows(count: int, seed: int = 20260101) -> Iterator[dict[str, object]]:
    """Valid rows with the variety of a real list: adults and children, with and without height and
    sex, every bleeding level, the four APS scenarios. Values as a script would write them."""
    rng = random.Random(seed)
    for index in range(count):
        row: dict[str, object] = {"id": f"r{index + 1}"}
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
        yield row


def write_inputs(directory: Path, count: int) -> tuple[Path, Path]:
    jsonl_path = directory / f"rows-{count}.jsonl"
    csv_path = directory / f"rows-{count}.csv"
    with open(jsonl_path, "w", encoding="utf-8") as jsonl, \
            open(csv_path, "w", newline="", encoding="utf-8") as table:
        writer = csv.writer(table)
        writer.writerow(CSV_COLUMNS)
        for row in generate_rows(count):
            jsonl.write(json.dumps(row) + "\n")
            writer.writerow(["true" if row.get(c) is True else "" if row.get(c) in (None, False) else row[c]
                             for c in CSV_COLUMNS])
    return jsonl_path, csv_path


# ------------------------------------------------------------------------------------------ measuring


def timed(command: Sequence[str], stdout: int = subprocess.DEVNULL) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process, RSS from its own rusage."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss // 1024, process.returncode


def start_up(runs: int) -> list[tuple[str, float, float, float]]:
    """(command, median ms, floor median ms, ratio) for each start-up command."""
    for command in (FLOOR_COMMAND, MODEL_FLOOR_COMMAND, *START_UP_COMMANDS.values()):  # warm the OS caches
        timed(command)
    rows = []
    commands = {**START_UP_COMMANDS, f'python -c "{MODEL_FLOOR_COMMAND[2]}"': MODEL_FLOOR_COMMAND}
    for label, command in commands.items():
        ours, floor = [], []
        for _ in range(runs):
            floor.append(timed(FLOOR_COMMAND)[0])
            seconds, _, code = timed(command)
            if code != 0:
                raise SystemExit(f"{label} exited {code}")
            ours.append(seconds)
        ours_ms, floor_ms = statistics.median(ours) * 1000, statistics.median(floor) * 1000
        rows.append((label, ours_ms, floor_ms, ours_ms / floor_ms))
    return rows


Throughput = tuple[str, int, float, int, float, float, float]


def throughput(directory: Path, counts: Sequence[int]) -> list[Throughput]:
    """(format, rows, rows/s, peak RSS MB, floor rows/s, rows/s to /dev/null, output MB) for each
    size and format. Output goes to a file in `directory`, as a user's would; the /dev/null run
    shows what the disk costs (a JSONL record is about 5 KB)."""
    results = []
    for count in counts:
        jsonl_path, csv_path = write_inputs(directory, count)
        for name, source, floor_code in (("JSONL", jsonl_path, JSON_FLOOR), ("CSV", csv_path, CSV_FLOOR)):
            target = directory / f"out.{name.lower()}"
            floor_seconds, _, _ = timed([PYTHON, "-c", floor_code, str(source), str(target)])
            target.unlink()
            command = [IVIGCALC, "batch", str(source), "--quiet", "--output-format", name.lower(), "--output"]
            seconds, rss, code = timed([*command, str(target)])
            if code != 0:  # every generated row is valid: 4 would mean a bug
                raise SystemExit(f"batch of {count:,} {name} rows exited {code}")
            size_mb = target.stat().st_size / 1e6
            target.unlink()
            null_seconds, _, _ = timed([*command, os.devnull])
            rate, floor, null = count / seconds, count / floor_seconds, count / null_seconds
            results.append((name, count, rate, rss, floor, null, size_mb))
            print(f"  {name} {count:,} rows: {rate:,.0f} rows/s, {rss} MB "
                  f"(floor {floor:,.0f} rows/s; to /dev/null {null:,.0f} rows/s)", file=sys.stderr)
        jsonl_path.unlink()
        csv_path.unlink()
    return results


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
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def report(startup: list[tuple[str, float, float, float]], batch: list[Throughput], runs: int) -> str:
    lines = [f"Machine: {machine()}.", "",
             f"Start-up, median of {runs} runs, floor `python -c \"import typer, pydantic\"`:", "",
             "| command | median | floor | ratio |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| `{label}` | {ours:.0f} ms | {floor:.0f} ms | {ratio:.2f}× |"
              for label, ours, floor, ratio in startup]
    lines += ["", "Batch throughput, one process, output to a file (rows/s include start-up):", "",
              "| input | rows | rows/s | peak RSS | output | floor rows/s | floor ÷ ours "
              "| rows/s to /dev/null |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {name} | {count:,} | {rate:,.0f} | {rss} MB | {size:,.0f} MB | {floor:,.0f} "
              f"| {floor / rate:.1f}× | {null:,.0f} |" for name, count, rate, rss, floor, null, size in batch]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="start-up runs per command (default 21)")
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000], help="batch sizes")
    parser.add_argument("--quick", action="store_true", help="5 start-up runs and 20,000 rows")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.rows = 5, [20_000]
    if not Path(IVIGCALC).exists():
        raise SystemExit(f"{IVIGCALC} not found: run this with the Python ivigcalc is installed in")
    startup = [] if args.skip_startup else start_up(args.runs)
    with tempfile.TemporaryDirectory(prefix="ivigcalc-bench-") as directory:
        batch = [] if args.skip_batch else throughput(Path(directory), args.rows)
    print(report(startup, batch, args.runs))


if __name__ == "__main__":
    main()
