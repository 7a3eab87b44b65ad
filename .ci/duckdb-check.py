#!/usr/bin/env python3
"""DuckDB reads pressdex's Parquet export and gets exactly pressdex's numbers.

Usage: .ci/duckdb-check.py PRESSDEX_BINARY CORPUS_DIR

Indexes CORPUS_DIR into a temporary folder, exports it with `pressdex export --to parquet`, and
checks with DuckDB (the `duckdb` Python package) that
- the releases per year equal `pressdex trends --by year --json`;
- the people mentioned by most releases equal `pressdex people --json` (names and counts);
- the row counts equal the manifest's.
Exits 1 with the differences when they disagree.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb


def lines(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main():
    binary, corpus = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        index, out = Path(tmp) / "index", Path(tmp) / "export"
        subprocess.run([binary, "index", corpus, "--index", str(index), "-q"], check=True,
                       capture_output=True)
        px = [binary, "--index", str(index)]
        subprocess.run(px + ["export", "--to", "parquet", str(out), "-q"], check=True,
                       capture_output=True)
        manifest = json.loads((out / "manifest.json").read_text())
        db = duckdb.connect()
        for table, key in [("releases", "releases"), ("mentions", "mentions"),
                           ("co_mentions", "co_mentions")]:
            n = db.execute(f"SELECT count(*) FROM '{out / table}.parquet'").fetchone()[0]
            if n != manifest["rows"][key]:
                failures.append(f"{table}: DuckDB counts {n} rows, the manifest {manifest['rows'][key]}")

        years = db.execute(
            f"SELECT year, count(*) FROM '{out}/releases.parquet' WHERE year IS NOT NULL "
            "GROUP BY year ORDER BY year").fetchall()
        trends = [(int(t["data"]["period"]), t["data"]["releases"])
                  for t in lines(px + ["trends", "--by", "year", "--json"])
                  if t["type"] == "trend" and t["data"]["releases"] > 0]
        if years != trends:
            failures.append(f"releases per year: DuckDB {years}, pressdex trends {trends}")

        limit = 25
        people = [(e["data"]["name"], e["data"]["releases"])
                  for e in lines(px + ["people", "--json", "-n", str(limit)])
                  if e["type"] == "entity"]
        top = db.execute(
            f"SELECT identity, count(DISTINCT release_id) AS n FROM '{out}/mentions.parquet' "
            f"WHERE kind = 'person' GROUP BY identity ORDER BY n DESC, identity LIMIT {limit}"
        ).fetchall()
        if top != people:
            failures.append(f"top people: DuckDB {top}, pressdex people {people}")
        print(f"duckdb {duckdb.__version__}: {manifest['rows']['releases']} releases, "
              f"{len(years)} years, top {len(top)} people checked")
    for f in failures:
        print("MISMATCH:", f, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
