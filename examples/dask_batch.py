"""Run ivigcalc over a Parquet dataset too large for one machine, on a Dask cluster.

    python examples/dask_batch.py rows/ results/ [scheduler-address]

`rows/` is a directory of Parquet parts (as Spark, Dask or DuckDB write them); each part becomes one
part in `results/`: the flat batch columns plus `record`, the full JSON record. Every worker needs
`pip install 'ivigcalc[arrow]'`. Without a scheduler address, a local cluster of 2 workers.
"""

import sys
from pathlib import Path

import dask.bag as db
import pyarrow.parquet as pq
from dask.distributed import Client, LocalCluster

import ivigcalc


def compute_part(source: str, target_directory: str) -> int:
    """One Parquet part, a batch of rows at a time (bounded memory), to one result part."""
    target = Path(target_directory) / Path(source).name
    rows = 0
    with pq.ParquetWriter(target, ivigcalc.compute_arrow(pq.read_schema(source).empty_table()).schema) as writer:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=65_536):
            writer.write_table(ivigcalc.compute_arrow(batch))
            rows += batch.num_rows
    return rows


def main(source_directory: str, target_directory: str, scheduler: str | None = None) -> int:
    Path(target_directory).mkdir(parents=True, exist_ok=True)
    parts = sorted(str(path) for path in Path(source_directory).glob("*.parquet"))
    cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
    with Client(scheduler or cluster):
        counts = db.from_sequence(parts, npartitions=len(parts)).map_partitions(
            lambda chunk: [compute_part(path, target_directory) for path in chunk]).compute()
    if cluster is not None:
        cluster.close()
    return sum(counts)


if __name__ == "__main__":
    print(f"{main(*sys.argv[1:4]):,} rows")
