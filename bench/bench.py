#!/usr/bin/env python3
"""pressdex benchmark: indexing and query speed against peers, in one run, on the same documents.

Usage (from the repository root):

    python3 bench/bench.py                         # DOJ HTML, Grimmer text, 100k synthetic
    python3 bench/bench.py --doj-limit 2000 --grimmer-limit 5000 --synth 10000   # a quick run
    python3 bench/bench.py --corpora synth --synth 1000000 --no-peers            # 1M releases
    python3 bench/bench.py --corpora doj --doj-limit 3000 --languages 2000 --only-languages
    sudo python3 bench/bench.py --install-peers    # apt-get install recoll ripgrep first

Corpora: the DOJ pages and the Grimmer senate texts from ../shared/data (unpacked once into a
cache folder outside the repository, `--cache`, default $TMPDIR/pressdex-bench-cache), and a
synthetic corpus from `cargo run --example synth` (deterministic; N releases).

For each corpus it measures pressdex (`pressdex index` fresh, again with no change, again with
1% of the files modified; index size; query latency in process with snippets via
`examples/query_bench.rs`, and as whole `pressdex search` processes) and, on the same documents,
the peers: Recoll (`recollindex` with a private config folder, `recollq -n 10 -A`), SQLite FTS5
(python3's sqlite3: bm25() and snippet()), ripgrep (`rg -l` over the raw files) and bare tantivy
(`examples/bare_tantivy.rs`: title/body/date from pre-extracted JSON, no parsing or extraction).
A missing peer is skipped with a note on how to install it. Every peer row shows the ratio
pressdex/peer (below 1 means pressdex is faster or smaller).

`--languages N` adds indexing speed per language: the DOJ pages indexed twice back to back
(English; the pair shows how noisy one measurement is), and N releases in each of English,
French, German, Spanish and Chinese made of the paragraphs in tests/data/lang (deterministic:
release i is twelve of them), in MB/s of text. `--only-languages` skips everything else.

Only the standard library is used. Timings on a busy machine are noisy: compare ratios measured
in the same run, and re-run when the machine is quiet.
"""

import argparse
import collections
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RELEASE_EXT = {".txt", ".text", ".html", ".htm", ".xhtml"}
STOP = set(
    """a an and are as at be been but by for from had has have he her his i in is it its
    not of on or our said she that the their they this to was we were which will with you
    would who more than also new all one two can may after about over into under other""".split()
)


# ---------------------------------------------------------------------------------------------
# Running and measuring processes


def run(cmd, env=None, cwd=None, quiet=True, rss=False):
    """Runs a command; returns (wall seconds, peak RSS in MB or None, stdout). Raises on failure.

    With rss=True the command runs under GNU time (`/usr/bin/time -f %M`): a child forked from
    this Python process would report the parent's pages as its own peak RSS. Its CPU seconds
    (user + sys) are then left in `run.last_cpu`.
    """
    rss_file = None
    run.last_cpu = None
    if rss and os.path.exists("/usr/bin/time"):
        rss_file = tempfile.NamedTemporaryFile(prefix="pressdex-bench-rss", delete=False)
        rss_file.close()
        cmd = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file.name] + list(cmd)
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE if quiet else None, env=env, cwd=cwd
    )
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        err = (proc.stderr or b"").decode(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}: {err}")
    peak = None
    if rss_file:
        try:
            fields = Path(rss_file.name).read_text().split()[-3:]
            peak = int(fields[0]) / 1024.0
            # CPU seconds (user + sys): on a shared machine, steadier than wall time.
            run.last_cpu = float(fields[1]) + float(fields[2])
        except (ValueError, IndexError):
            pass
        os.unlink(rss_file.name)
    return wall, peak, proc.stdout.decode(errors="replace")


def percentiles(times_ms):
    s = sorted(times_ms)
    if not s:
        return None, None
    pick = lambda p: s[min(len(s) - 1, round((len(s) - 1) * p))]
    return pick(0.5), pick(0.95)


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def release_files(root):
    out = []
    for dirpath, dirnames, files in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(files):
            if Path(f).suffix.lower() in RELEASE_EXT and not f.startswith("."):
                out.append(os.path.join(dirpath, f))
    return out


# ---------------------------------------------------------------------------------------------
# Corpora


def unpack(archive, dest, member_root):
    """Unpacks a tar archive into dest once; returns dest/member_root."""
    target = dest / member_root
    done = dest / f".{member_root}.done"
    if not done.exists():
        print(f"  unpacking {archive} into {dest} ...", file=sys.stderr)
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(dest, filter="data")
        done.touch()
    return target


def subset(source, dest, limit):
    """A working copy of the first `limit` release files of source (sorted), made once."""
    done = dest.with_name(dest.name + ".done")
    if not done.exists():
        if dest.exists():
            shutil.rmtree(dest)
        files = release_files(source)[:limit]
        for f in files:
            rel = os.path.relpath(f, source)
            os.makedirs(dest / os.path.dirname(rel), exist_ok=True)
            shutil.copy2(f, dest / rel)
        done.touch()
    return dest


def prepare_corpora(args, cache, bins):
    corpora = []
    wanted = args.corpora.split(",")
    data = Path(args.data)
    if "doj" in wanted:
        archive = data / "doj-press-releases" / "html.tar.xz"
        if archive.exists():
            html = unpack(archive, cache / "src-doj", "html")
            name = f"doj-{args.doj_limit}" if args.doj_limit else "doj"
            corpora.append((name, subset(html, cache / name, args.doj_limit or 10**9), "html"))
        else:
            print(f"note: {archive} missing, DOJ corpus skipped", file=sys.stderr)
    if "grimmer" in wanted:
        archive = data / "grimmer-senate-press-releases" / "texts.tar.xz"
        if archive.exists():
            raw = unpack(archive, cache / "src-grimmer", "raw")
            name = f"grimmer-{args.grimmer_limit}" if args.grimmer_limit else "grimmer"
            corpora.append((name, subset(raw, cache / name, args.grimmer_limit or 10**9), "text"))
        else:
            print(f"note: {archive} missing, Grimmer corpus skipped", file=sys.stderr)
    if "synth" in wanted:
        dest = cache / f"synth-{args.synth}"
        done = cache / f"synth-{args.synth}.done"
        if not done.exists():
            if dest.exists():
                shutil.rmtree(dest)
            print(f"  generating {args.synth} synthetic releases ...", file=sys.stderr)
            run([bins["synth"], dest, str(args.synth)])
            done.touch()
        corpora.append((f"synth-{args.synth}", dest, "text"))
    return corpora


def language_corpus(cache, code, n):
    """N releases in language `code`, each a title and twelve paragraphs of tests/data/lang."""
    dest = cache / f"lang-{code}-{n}"
    done = cache / f"lang-{code}-{n}.done"
    if done.exists():
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    lines = (REPO / "tests" / "data" / "lang" / f"{code}.txt").read_text(encoding="utf-8").splitlines()
    paras = [l.strip() for l in lines if l.strip() and not l.startswith("#")]
    for i in range(n):
        title = paras[i % len(paras)].split(",")[0][:80]
        body = "\n\n".join(paras[(i * 7 + k * 13) % len(paras)] for k in range(12))
        sub = dest / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{code}-{i:06d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    done.touch()
    return dest


def bench_languages(args, cache, bins, corpora):
    """Indexing speed per language (see --languages): rows of (corpus, docs, MB, s, CPU s, MB/s)."""
    rows = []

    def index(label, corpus):
        idx = cache / "work" / "languages-index"
        if idx.exists():
            shutil.rmtree(idx)
        files = release_files(corpus)
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        wall, _, _ = run([bins["pressdex"], "--index", idx, "index", "--quiet", corpus], rss=True)
        rows.append((label, len(files), mb, wall, run.last_cpu, mb / wall))
        shutil.rmtree(idx)

    for name, corpus, _ in corpora:
        if name.startswith("doj"):
            index(f"{name} (en), 1st", corpus)
            index(f"{name} (en), 2nd", corpus)
    for code in ["en", "fr", "de", "es", "zh"]:
        index(f"paragraphs ({code})", language_corpus(cache, code, args.languages))
    out = ["", "## Indexing speed per language", "",
           "| corpus | docs | MB | wall s | CPU s | MB/s |", "|---|---|---|---|---|---|"]
    for label, docs, mb, wall, cpu, rate in rows:
        out.append(f"| {label} | {docs} | {mb:.1f} | {wall:.2f} | {fmt(cpu)} | {rate:.2f} |")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The query mix, chosen from the data so it means the same thing on every corpus


WORD = re.compile(r"[a-z]+")


def choose_mix(records):
    df = collections.Counter()
    bigrams = collections.Counter()
    sample = records[:: max(1, len(records) // 3000)]
    for r in sample:
        words = WORD.findall((r["title"] + " " + r["body"]).lower())
        df.update(w for w in set(words) if len(w) >= 4)
        pairs = set()
        for a, b in zip(words, words[1:]):
            if len(a) >= 4 and len(b) >= 4 and a not in STOP and b not in STOP:
                pairs.add(f"{a} {b}")
        bigrams.update(pairs)
    n = len(sample)
    content = [(w, c) for w, c in df.items() if w not in STOP]
    by_df = lambda lo, hi: sorted(
        (w for w, c in content if lo * n <= c <= hi * n), key=lambda w: (-df[w], w)
    )
    common = by_df(0.3, 0.6) or by_df(0.1, 0.9)
    mid = by_df(0.03, 0.1)
    rare = sorted((w for w, c in content if c == 2 and len(w) >= 7))
    phrase = [p for p, c in bigrams.most_common(200) if 0.01 * n <= c <= 0.1 * n]
    people = collections.Counter(p for r in records for p in r.get("people", []))
    person = next((p for p, _ in people.most_common(50) if " " in p), None)
    years = sorted(r["date"][:4] for r in records if r.get("date"))
    year = years[len(years) // 2] if years else None
    c = common[0] if common else "department"
    mix = [
        {"name": "rare term", "query": rare[len(rare) // 2] if rare else "zyzzyva"},
        {"name": "common term", "query": c},
        {"name": "AND of two terms", "query": f"{mid[0]} {mid[1]}" if len(mid) > 1 else c},
        {"name": "phrase", "query": f'"{phrase[0]}"' if phrase else f'"{c}"'},
    ]
    if person:
        mix.append({"name": "--person filter", "query": c, "person": person})
    if year:
        mix.append({"name": "date range", "query": c, "since": f"{year}-03", "until": f"{year}-08"})
    mix.append({"name": "sort by date", "query": c, "sort": "newest"})
    mix.append({"name": "facet counts", "query": c, "facets": True})
    # Issue 16's facet target is for a term in about a tenth of the releases.
    tenth = by_df(0.08, 0.12) or mid or [c]
    mix.append({"name": "facet counts, term in ~10%", "query": tenth[0], "facets": True})
    return mix


# ---------------------------------------------------------------------------------------------
# pressdex


def pressdex_cli_args(q):
    args = []
    if q.get("query"):
        args.append(q["query"])
    if q.get("person"):
        args += ["--person", q["person"]]
    if q.get("since"):
        args += ["--since", q["since"]]
    if q.get("until"):
        args += ["--until", q["until"]]
    if q.get("sort"):
        args += ["--sort", q["sort"]]
    return args


def modify_one_percent(files):
    """Changes 1% of the files (every 100th): appends a line, or removes it if present."""
    changed = files[::100]
    marker = b"\n\nThis release was revised.\n"
    for f in changed:
        data = Path(f).read_bytes()
        Path(f).write_bytes(data[: -len(marker)] if data.endswith(marker) else data + marker)
    return len(changed)


def bench_pressdex(name, corpus, work, bins, mix, args, res):
    idx = work / "pressdex-index"
    if idx.exists():
        shutil.rmtree(idx)
    files = release_files(corpus)
    wall, rss, _ = run([bins["pressdex"], "--index", idx, "index", "--quiet", corpus], rss=True)
    res["index_s"], res["index_rss"], res["index_cpu"] = wall, rss, run.last_cpu
    res["reindex_s"], _, out = run([bins["pressdex"], "--index", idx, "index", "--quiet", "--json", corpus])
    n = modify_one_percent(files)
    res["reindex1_s"], _, _ = run([bins["pressdex"], "--index", idx, "index", "--quiet", corpus])
    res["modified"] = n
    res["index_bytes"] = dir_size(idx)
    mix_file = work / "mix.json"
    mix_file.write_text(json.dumps(mix))
    _, _, out = run([bins["query_bench"], idx, mix_file, str(args.rounds)])
    res["queries"] = json.loads(out)
    # Whole CLI processes: start, open, search, snippets, print.
    times = collections.defaultdict(list)
    for q in mix:
        if q.get("facets"):
            continue
        cmd = [bins["pressdex"], "--index", idx, "search", "--color", "never"] + pressdex_cli_args(q)
        run(cmd)  # warm
        for _ in range(args.cli_rounds):
            t, _, _ = run(cmd)
            times[q["name"]].append(t * 1000)
    res["cli"] = {k: percentiles(v) for k, v in times.items()}
    res["cli_all"] = percentiles([t for v in times.values() for t in v])
    bench_api(idx, bins, mix, args, res)
    bench_reads(idx, bins, mix, args, res)
    bench_export(idx, work, bins, res)


def bench_reads(idx, bins, mix, args, res):
    """The corpus-wide entity questions of issue 16, as a user asks them: whole CLI processes
    (`people`/`orgs --limit 20`, the first page of `mentions` for the most mentioned person,
    `search TERM --facets` for a term in about a tenth of the releases) and the same over HTTP
    (`/api/facets` with no query, `/api/people`, `/api/orgs`, `/api/mentions`), each after a
    warm-up, `--read-rounds` times."""
    import urllib.parse
    import urllib.request

    exe = [bins["pressdex"], "--index", idx]
    _, _, out = run(exe + ["people", "--limit", "1", "--json"])
    top = None
    for line in out.splitlines():
        d = json.loads(line)
        d = d.get("data", d)
        if d.get("name"):
            top = d["name"]
            break
    tenth = next((q["query"] for q in mix if q["name"] == "facet counts, term in ~10%"), None)
    cli = {
        "people --limit 20": ["people", "--limit", "20"],
        "orgs --limit 20": ["orgs", "--limit", "20"],
    }
    if top:
        cli["mentions <most mentioned person> --limit 20"] = ["mentions", top, "--limit", "20"]
    if tenth:
        cli[f"search {tenth} --facets (term in ~10%)"] = ["search", tenth, "--facets", "--color", "never"]
    reads = {"top_person": top, "tenth_term": tenth, "cli": {}, "api": {}}
    for label, cmd in cli.items():
        run(exe + cmd)
        times = [run(exe + cmd)[0] * 1000 for _ in range(args.read_rounds)]
        reads["cli"][label] = percentiles(times)
    proc = subprocess.Popen([str(bins["pressdex"]), "--index", str(idx), "serve", "--addr", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = proc.stdout.readline().strip().rsplit(" at ", 1)[-1].rstrip("/")
        urls = {"/api/facets (no query)": "/api/facets", "/api/people": "/api/people?limit=20",
                "/api/orgs": "/api/orgs?limit=20"}
        if top:
            urls["/api/mentions (most mentioned person)"] = "/api/mentions?" + urllib.parse.urlencode({"name": top, "limit": 20})
        if tenth:
            urls[f"/api/facets?q={tenth}"] = "/api/facets?" + urllib.parse.urlencode({"q": tenth})
        for label, url in urls.items():
            urllib.request.urlopen(base + url, timeout=120).read()
            times = []
            for _ in range(args.read_rounds):
                t = time.perf_counter()
                urllib.request.urlopen(base + url, timeout=120).read()
                times.append((time.perf_counter() - t) * 1000)
            reads["api"][label] = percentiles(times)
    except OSError as e:
        reads["api"] = {"note": f"pressdex serve: {e}"}
    finally:
        proc.kill()
        proc.wait()
    res["reads"] = reads


def peak_anon_mb(cmd):
    """Runs a command, sampling its anonymous resident memory (`RssAnon` in /proc: the heap,
    without the index files it maps, which peak RSS counts as they are read and the kernel may
    drop at will) every 50 ms; returns the largest sample in MB, or None off Linux."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    status = Path(f"/proc/{proc.pid}/status")
    peak = None
    while proc.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("RssAnon:"):
                    kb = int(line.split()[1])
                    peak = max(peak or 0, kb)
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    return peak / 1024.0 if peak is not None else None


def bench_export(idx, work, bins, res):
    """`pressdex export` of the whole index: wall time, peak RSS and peak heap per format."""
    res["export"] = {}
    for target in ("parquet", "opensearch"):
        out = work / f"export-{target}"
        if out.exists():
            shutil.rmtree(out)
        cmd = [bins["pressdex"], "--index", idx, "export", "--to", target, out, "--quiet"]
        wall, rss, _ = run(cmd, rss=True)
        res["export"][target] = {"s": wall, "rss": rss, "bytes": dir_size(out)}
        shutil.rmtree(out)
        res["export"][target]["heap"] = peak_anon_mb(cmd)
        shutil.rmtree(out, ignore_errors=True)


def bench_api(idx, bins, mix, args, res):
    """API search latency: `pressdex serve` on the index, the query mix over HTTP with urllib (a
    new connection per request, as a script does), after one warm-up round. "mix": each query as
    in process (facets only for the facet kind); "page": each query with everything the web page
    shows (hits, facets and the per-year counts, in one request; at most 10 rounds). Target:
    p50 <= 10 ms."""
    import urllib.error
    import urllib.parse
    import urllib.request

    cmd = [str(bins["pressdex"]), "--index", str(idx), "serve", "--addr", "127.0.0.1:0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        base = line.strip().rsplit(" at ", 1)[-1].rstrip("/")
        if not base.startswith("http://127.0.0.1:"):
            res["api"] = {"note": f"pressdex serve did not start: {line.strip()!r}"}
            return
        variants = {"mix": [], "page": []}
        for q in mix:
            params = [("q", q["query"])] if q.get("query") else []
            params += [(k, q[k]) for k in ("person", "since", "until", "sort") if q.get(k)]
            facets = [("facets", "true" if q.get("facets") else "false")]
            variants["mix"].append(f"{base}/api/search?{urllib.parse.urlencode(params + facets)}")
            page = params + [("limit", "10"), ("facets", "true"), ("facet_limit", "12")]
            variants["page"].append(f"{base}/api/search?{urllib.parse.urlencode(page)}")
        def fetch(url):
            """Milliseconds for one request, or None when the server refused it (a request
            over its time budget gets a 503 on a large corpus: counted, not fatal)."""
            t = time.perf_counter()
            try:
                urllib.request.urlopen(url, timeout=60).read()
            except urllib.error.HTTPError:
                return None
            return (time.perf_counter() - t) * 1000

        out = {}
        for name, urls in variants.items():
            for url in urls:
                fetch(url)
            times, refused = [], 0
            # Facets cost far more than hits on large corpora: fewer rounds keep the run short.
            for _ in range(args.rounds if name == "mix" else min(args.rounds, 10)):
                for url in urls:
                    ms = fetch(url)
                    if ms is None:
                        refused += 1
                    else:
                        times.append(ms)
            out[name] = percentiles(times) if times else (None, None)
            out[f"{name}_refused"] = refused
        out["hostile"] = api_under_attack(base, variants["mix"], args)
        res["api"] = out
    except (OSError, urllib.error.URLError) as e:
        res["api"] = {"note": f"pressdex serve: {e}"}
    finally:
        proc.kill()
        proc.wait()


# Bad requests of issue 17 (each answered 4xx before it costs anything), sent 8 at a time.
HOSTILE_REQUESTS = [
    b"GET /api/search?q=" + b"(" * 2500 + b"a" + b")" * 2500 + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"GET /api/search?q=" + b"+".join([b"fr*"] * 2000) + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"GET /api/search?q=" + b"a" * 70000 + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"GET /api/search?q=caf%e9 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"GET /api/search?q=a b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"GET /api/search?offset=99999999999 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"POST /api/search HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    b"GET /api/search?q=NOT+fraud HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
]


def api_under_attack(base, urls, args):
    """The mix's latency while 8 threads send the bad requests above (issue 17: p95 <= 50 ms)."""
    import socket
    import threading
    import urllib.error
    import urllib.request

    host, port = base.removeprefix("http://").rsplit(":", 1)
    stop = threading.Event()
    sent = [0]

    def attack():
        i = 0
        while not stop.is_set():
            with socket.create_connection((host, int(port)), timeout=10) as s:
                try:
                    s.sendall(HOSTILE_REQUESTS[i % len(HOSTILE_REQUESTS)])
                    while s.recv(65536):
                        pass
                except OSError:
                    pass
            sent[0] += 1
            i += 1

    threads = [threading.Thread(target=attack, daemon=True) for _ in range(8)]
    for t in threads:
        t.start()
    times = []
    try:
        for _ in range(min(args.rounds, 10)):
            for url in urls:
                t = time.perf_counter()
                try:
                    urllib.request.urlopen(url, timeout=60).read()
                except urllib.error.HTTPError:
                    continue
                times.append((time.perf_counter() - t) * 1000)
    finally:
        stop.set()
        for t in threads:
            t.join()
    return percentiles(times) + (sent[0],)


# ---------------------------------------------------------------------------------------------
# Peers


def bench_bare_tantivy(jsonl, work, bins, res):
    idx = work / "bare-tantivy-index"
    wall, rss, out = run([bins["bare_tantivy"], "index", jsonl, idx], rss=True)
    res["bare"] = {"index_s": wall, "rss": rss, "cpu": run.last_cpu, "bytes": dir_size(idx)}


def fts5_query(q):
    """The FTS5 MATCH expression for one query of the mix."""
    text = q.get("query", "")
    expr = f"{{title body}}: ({text})" if text else ""
    if q.get("person"):
        expr += f' AND people: "{q["person"]}"'
    return expr


def bench_fts5(records, work, mix, args, res):
    db_path = work / "fts5.db"
    if db_path.exists():
        db_path.unlink()
    start = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, people, orgs, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    db.execute("CREATE TABLE meta(id INTEGER PRIMARY KEY, date TEXT, path TEXT)")
    with db:
        for i, r in enumerate(records, 1):
            db.execute(
                "INSERT INTO fts(rowid, title, body, people, orgs) VALUES (?,?,?,?,?)",
                (i, r["title"], r["body"], "; ".join(r.get("people", [])), "; ".join(r.get("orgs", []))),
            )
            db.execute("INSERT INTO meta VALUES (?,?,?)", (i, r.get("date"), r["path"]))
        db.execute("CREATE INDEX meta_date ON meta(date)")
    db.close()
    res["fts5"] = {"index_s": time.perf_counter() - start, "bytes": os.path.getsize(db_path)}
    db = sqlite3.connect(db_path)
    times = {}
    for q in mix:
        expr = fts5_query(q)
        if q.get("facets"):
            # FTS5 has no entity fields: year counts only (a lower bound on pressdex's work).
            sql = ("SELECT substr(m.date,1,4), count(*) FROM fts JOIN meta m ON m.id = fts.rowid "
                   "WHERE fts MATCH ? GROUP BY 1")
            params = (expr,)
        else:
            where = "fts MATCH ?"
            params = [expr]
            if q.get("since"):
                where += " AND m.date >= ? AND m.date <= ?"
                params += [q["since"] + "-01", q["until"] + "-31"]
            order = "m.date DESC" if q.get("sort") == "newest" else "bm25(fts, 2.0, 1.0)"
            sql = (f"SELECT m.path, fts.title, snippet(fts, 1, '[', ']', '...', 24), m.date "
                   f"FROM fts JOIN meta m ON m.id = fts.rowid WHERE {where} ORDER BY {order} LIMIT 10")
        db.execute(sql, params).fetchall()  # warm
        t = []
        for _ in range(args.rounds):
            s = time.perf_counter()
            db.execute(sql, params).fetchall()
            t.append((time.perf_counter() - s) * 1000)
        times[q["name"]] = percentiles(t)
    db.close()
    res["fts5"]["queries"] = times
    allt = []
    for v in times.values():
        allt.append(v)
    res["fts5"]["all"] = (
        statistics.median([v[0] for v in times.values()]),
        max(v[1] for v in times.values()),
    )


def recoll_query(q):
    text = q.get("query", "")
    if q.get("person"):
        text += f' "{q["person"]}"'
    if q.get("since"):
        text += f" date:{q['since']}-01/{q['until']}-31"
    return text


def bench_recoll(corpus, work, mix, args, res):
    if not shutil.which("recollindex") or not shutil.which("recollq"):
        res["recoll"] = {"note": "Recoll not installed: apt-get install recoll (or --install-peers)"}
        return
    conf = work / "recoll-conf"
    if conf.exists():
        shutil.rmtree(conf)
    conf.mkdir(parents=True)
    (conf / "recoll.conf").write_text(
        f"topdirs = {corpus}\n"
        f"dbdir = {conf / 'xapiandb'}\n"
        "indexedmimetypes = text/plain text/html\n"
        "loglevel = 1\n"
        "idxflushmb = 50\n"
        "noaspell = 1\n"
        "indexStemmingLanguages = english\n"
    )
    env = dict(os.environ, RECOLL_CONFDIR=str(conf))
    wall, rss, _ = run(["recollindex", "-c", conf, "-z"], env=env, rss=True)
    res["recoll"] = {"index_s": wall, "rss": rss, "cpu": run.last_cpu,
                     "bytes": dir_size(conf / "xapiandb")}
    times = collections.defaultdict(list)
    for q in mix:
        if q.get("facets"):
            continue
        cmd = ["recollq", "-c", conf, "-n", "10", "-A"]
        if q.get("sort") == "newest":
            cmd += ["-S", "mtime", "-D"]
        cmd.append(recoll_query(q))
        run(cmd, env=env)
        for _ in range(args.cli_rounds):
            t, _, _ = run(cmd, env=env)
            times[q["name"]].append(t * 1000)
    res["recoll"]["cli"] = {k: percentiles(v) for k, v in times.items()}
    res["recoll"]["cli_all"] = percentiles([t for v in times.values() for t in v])


def bench_rg(corpus, mix, args, res):
    if not shutil.which("rg"):
        res["rg"] = {"note": "ripgrep not installed: apt-get install ripgrep (or --install-peers)"}
        return
    times = collections.defaultdict(list)
    for q in mix:
        # rg -l can answer single words and phrases; the other rows need more than a regex.
        if q["name"] not in ("rare term", "common term", "phrase"):
            continue
        pattern = q["query"].strip('"')
        cmd = ["rg", "-l", "-i", "-F", pattern, corpus]
        run(cmd)
        for _ in range(max(3, args.cli_rounds // 4)):
            t, _, _ = run(cmd)
            times[q["name"]].append(t * 1000)
    res["rg"] = {"cli": {k: percentiles(v) for k, v in times.items()},
                 "cli_all": percentiles([t for v in times.values() for t in v])}


# ---------------------------------------------------------------------------------------------
# The table


def fmt(v, unit=""):
    if v is None:
        return "–"
    if isinstance(v, float):
        if v >= 100:
            s = f"{v:.0f}"
        elif v >= 10:
            s = f"{v:.1f}"
        elif v >= 1:
            s = f"{v:.2f}"
        else:
            s = f"{v:.3f}"
    else:
        s = str(v)
    return s + unit


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


def table(name, corpus_info, res, mix):
    rows = []
    add = lambda metric, ours, peer="", theirs=None, r="": rows.append((metric, ours, peer, theirs, r))
    n, raw, text = corpus_info["docs"], corpus_info["raw_bytes"], corpus_info["text_bytes"]
    t = res["index_s"]
    add("index, wall", fmt(t, " s"))
    cpu = res.get("index_cpu")
    add("index, CPU (user+sys)", fmt(cpu, " s"))
    add("docs/s · MB/s (raw files)", f"{n / t:,.0f} · {raw / 1e6 / t:.1f}")
    add("peak RSS", fmt(res["index_rss"], " MB"))
    add("index size ÷ raw files", f"{res['index_bytes'] / raw:.2f}")
    add("index size ÷ extracted text", f"{res['index_bytes'] / text:.2f}")
    add("re-index, no change", fmt(res["reindex_s"], " s"))
    add(f"re-index, 1% modified ({res['modified']} files)", fmt(res["reindex1_s"], " s"))
    q = res["queries"]["all"]
    add("query p50 · p95, in process, snippets", f"{fmt(q['p50_ms'])} · {fmt(q['p95_ms'])} ms")
    c = res["cli_all"]
    add("query p50 · p95, whole CLI process", f"{fmt(c[0])} · {fmt(c[1])} ms")
    api = res.get("api", {})
    if "note" in api:
        add("API search, HTTP", api["note"])
    for kind, label in (("mix", "the mix"), ("page", "hits, facets and years in one request")):
        if kind in api:
            refused = api.get(f"{kind}_refused", 0)
            note = f" ({refused} refused over the time budget)" if refused else ""
            add(f"API search p50 · p95, HTTP ({label}; target p50 ≤ 10 ms)", f"{fmt(api[kind][0])} · {fmt(api[kind][1])} ms{note}")
    if "hostile" in api:
        h = api["hostile"]
        add("API search p50 · p95, HTTP, the mix while 8 threads send bad requests (target p95 ≤ 50 ms)",
            f"{fmt(h[0])} · {fmt(h[1])} ms ({h[-1]:,} bad requests)")
    reads = res.get("reads", {})
    for label, v in reads.get("cli", {}).items():
        add(f"`{label}`, whole CLI process p50 · p95", f"{fmt(v[0])} · {fmt(v[1])} ms")
    for label, v in reads.get("api", {}).items():
        if label != "note":
            add(f"`{label}` p50 · p95, HTTP", f"{fmt(v[0])} · {fmt(v[1])} ms")
    for target, label in (("parquet", "Parquet"), ("opensearch", "OpenSearch NDJSON")):
        e = res.get("export", {}).get(target)
        if e:
            add(f"export to {label}: wall · peak RSS · peak heap (RssAnon) · size (targets ≤ 3 s on DOJ, ≤ 300 MB at 1M)",
                f"{fmt(e['s'], ' s')} · {fmt(e['rss'], ' MB')} · {fmt(e.get('heap'), ' MB')} · {fmt(e['bytes'] / 1e6, ' MB')}")

    bare = res.get("bare")
    if bare:
        add("index, wall", fmt(t, " s"), "bare tantivy (JSON in)", fmt(bare["index_s"], " s"), ratio(t, bare["index_s"]))
        add("index, CPU", fmt(cpu, " s"), "bare tantivy (JSON in)", fmt(bare.get("cpu"), " s"), ratio(cpu, bare.get("cpu")))
        add("peak RSS", fmt(res["index_rss"], " MB"), "bare tantivy", fmt(bare["rss"], " MB"), ratio(res["index_rss"], bare["rss"]))
        add("index size", fmt(res["index_bytes"] / 1e6, " MB"), "bare tantivy", fmt(bare["bytes"] / 1e6, " MB"), ratio(res["index_bytes"], bare["bytes"]))
    rc = res.get("recoll", {})
    if "note" in rc:
        add("Recoll", "", rc["note"])
    elif rc:
        add("index, wall", fmt(t, " s"), "recollindex", fmt(rc["index_s"], " s"), ratio(t, rc["index_s"]))
        add("index, CPU", fmt(cpu, " s"), "recollindex", fmt(rc.get("cpu"), " s"), ratio(cpu, rc.get("cpu")))
        add("peak RSS", fmt(res["index_rss"], " MB"), "recollindex", fmt(rc["rss"], " MB"), ratio(res["index_rss"], rc["rss"]))
        add("index size", fmt(res["index_bytes"] / 1e6, " MB"), "Recoll (Xapian)", fmt(rc["bytes"] / 1e6, " MB"), ratio(res["index_bytes"], rc["bytes"]))
        rcl = rc["cli_all"]
        add("CLI query p50", fmt(c[0], " ms"), "recollq -n 10 -A", fmt(rcl[0], " ms"), ratio(c[0], rcl[0]))
        add("CLI query p95", fmt(c[1], " ms"), "recollq -n 10 -A", fmt(rcl[1], " ms"), ratio(c[1], rcl[1]))
    fts = res.get("fts5")
    if fts:
        add("index, wall", fmt(t, " s"), "SQLite FTS5 (JSON in)", fmt(fts["index_s"], " s"), ratio(t, fts["index_s"]))
        add("index size", fmt(res["index_bytes"] / 1e6, " MB"), "SQLite FTS5", fmt(fts["bytes"] / 1e6, " MB"), ratio(res["index_bytes"], fts["bytes"]))
        add("query p50 (median of kinds), in process", fmt(statistics.median(v["p50_ms"] for v in q_kinds(res)), " ms"),
            "FTS5 bm25+snippet", fmt(fts["all"][0], " ms"),
            ratio(statistics.median(v["p50_ms"] for v in q_kinds(res)), fts["all"][0]))
    rg = res.get("rg", {})
    if "note" in rg:
        add("ripgrep", "", rg["note"])
    elif rg:
        ours = [res["cli"][k][0] for k in rg["cli"] if k in res["cli"]]
        theirs = [v[0] for v in rg["cli"].values()]
        if ours and theirs:
            add("CLI query p50 (terms, phrase)", fmt(statistics.median(ours), " ms"), "rg -l (raw files)",
                fmt(statistics.median(theirs), " ms"), ratio(statistics.median(ours), statistics.median(theirs)))

    out = [f"\n### {name}: {n:,} releases, {raw / 1e6:.0f} MB of files, {text / 1e6:.0f} MB of extracted text\n",
           "| metric | pressdex | peer | peer value | pressdex/peer |", "|---|---:|---|---:|---:|"]
    out += [f"| {m} | {o} | {p} | {fmt(v) if not isinstance(v, str) else v} | {r} |" for m, o, p, v, r in rows]
    # Per query kind.
    out += ["", "| query (in process, with snippets) | pressdex p50 · p95 | FTS5 p50 · p95 | pressdex/FTS5 p50 | CLI p50 | recollq p50 |",
            "|---|---:|---:|---:|---:|---:|"]
    for m in mix:
        k = m["name"]
        ours = res["queries"]["queries"].get(k, {})
        f = fts["queries"].get(k) if fts else None
        cli = res["cli"].get(k)
        rq = rc.get("cli", {}).get(k) if isinstance(rc, dict) else None
        shown = json.dumps({x: m[x] for x in m if x not in ("name", "facets")})
        out.append(
            f"| {k} `{shown}` | {fmt(ours.get('p50_ms'))} · {fmt(ours.get('p95_ms'))} ms "
            f"| {fmt(f[0]) + ' · ' + fmt(f[1]) + ' ms' if f else '–'} "
            f"| {ratio(ours.get('p50_ms'), f[0]) if f else '–'} "
            f"| {fmt(cli[0], ' ms') if cli else '–'} | {fmt(rq[0], ' ms') if rq else '–'} |"
        )
    return "\n".join(out)


def q_kinds(res):
    return list(res["queries"]["queries"].values())


# ---------------------------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=str(REPO.parent / "shared" / "data"), help="shared data folder")
    p.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "pressdex-bench-cache"))
    p.add_argument("--corpora", default="doj,grimmer,synth", help="comma list of doj, grimmer, synth")
    p.add_argument("--doj-limit", type=int, default=0, help="only the first N DOJ pages (0 = all)")
    p.add_argument("--grimmer-limit", type=int, default=0, help="only the first N Grimmer files (0 = all)")
    p.add_argument("--synth", type=int, default=100_000, help="synthetic releases (default 100000)")
    p.add_argument("--rounds", type=int, default=50, help="in-process repetitions per query")
    p.add_argument("--cli-rounds", type=int, default=10, help="CLI process repetitions per query")
    p.add_argument("--read-rounds", type=int, default=20, help="repetitions of each entity read (CLI and HTTP)")
    p.add_argument("--no-peers", action="store_true", help="measure pressdex only")
    p.add_argument("--install-peers", action="store_true", help="apt-get install -y recoll ripgrep (as root)")
    p.add_argument("--no-build", action="store_true", help="use the binaries already in target/release")
    p.add_argument("--json", help="also write all measurements to this file")
    p.add_argument("--languages", type=int, default=0,
                   help="indexing speed per language on N releases each (0 = skip)")
    p.add_argument("--only-languages", action="store_true",
                   help="with --languages: measure nothing else")
    args = p.parse_args()

    if args.install_peers:
        if os.geteuid() != 0:
            sys.exit("--install-peers needs root (apt-get)")
        subprocess.run(["apt-get", "install", "-y", "recoll", "ripgrep", "hyperfine"], check=True)

    if not args.no_build:
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "pressdex", "--example", "bare_tantivy",
             "--example", "query_bench", "--example", "synth"],
            cwd=REPO, check=True,
        )
    rel = REPO / "target" / "release"
    bins = {"pressdex": rel / "pressdex", "bare_tantivy": rel / "examples" / "bare_tantivy",
            "query_bench": rel / "examples" / "query_bench", "synth": rel / "examples" / "synth"}
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    corpora = prepare_corpora(args, cache, bins)

    report = [f"pressdex benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"]
    print(report[0], flush=True)
    everything = {}
    if args.languages:
        section = bench_languages(args, cache, bins, corpora)
        print(section, flush=True)
        report.append(section)
        if args.only_languages:
            return
    for name, corpus, kind in corpora:
        print(f"== {name} ({corpus})", file=sys.stderr)
        work = cache / "work" / name
        work.mkdir(parents=True, exist_ok=True)
        jsonl = work / "releases.jsonl"
        if not jsonl.exists():
            print("  pre-extracting releases to JSON (for bare tantivy and FTS5) ...", file=sys.stderr)
            run([bins["bare_tantivy"], "export", corpus, jsonl])
        records = [json.loads(l) for l in jsonl.read_text().splitlines() if l.strip()]
        files = release_files(corpus)
        info = {
            "docs": len(files),
            "raw_bytes": sum(os.path.getsize(f) for f in files),
            "text_bytes": sum(len(r["title"].encode()) + len(r["body"].encode()) for r in records),
        }
        mix = choose_mix(records)
        res = {}
        steps = [("pressdex", lambda: bench_pressdex(name, corpus, work, bins, mix, args, res))]
        if not args.no_peers:
            steps += [
                ("bare tantivy", lambda: bench_bare_tantivy(jsonl, work, bins, res)),
                ("SQLite FTS5", lambda: bench_fts5(records, work, mix, args, res)),
                ("Recoll", lambda: bench_recoll(corpus, work, mix, args, res)),
                ("ripgrep", lambda: bench_rg(corpus, mix, args, res)),
            ]
        for label, step in steps:
            print(f"  {label} ...", file=sys.stderr)
            step()
        everything[name] = {"corpus": info, "mix": mix, "results": res}
        section = table(name, info, res, mix)
        print(section, flush=True)
        report.append(section)
    if args.json:
        Path(args.json).write_text(json.dumps(everything, indent=1, default=str))


if __name__ == "__main__":
    main()
