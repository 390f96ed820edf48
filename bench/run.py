#!/usr/bin/env python3
"""Benchmark pastoral on generated schools and print the figures as Markdown tables.

Each measurement runs the real command in a fresh process and reads its wall
time and peak memory (``os.wait4``), so the figures are what a school's CI sees.
For each school size it measures, in one run: the lower bound (reading and
parsing every file with libyaml's ``CSafeLoader``, nothing else), ``validate``,
``check`` cold (no parse cache, as on a CI runner) and warm (the cache of the
run before), ``check --base`` for a pull request that changes one session file
(cold and warm), ``check-jsonschema`` validating the same files against the same
schemas, and the intranet build (cold). Ratios are to the lower bound measured
in the same run. Peak memory is that of the largest single process (the parse
workers each hold a share of the files for a moment).

Python is allowed to write bytecode, as an installed tool has it: the project's
own environment turns bytecode off, which would add compiling to every run.

Usage: ``python bench/run.py [--pupils 2000 50000] [--scaling 2000 10000 50000] [--repeat 3]``
(``make bench`` runs the defaults). Schools are generated once into ``.bench/``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-20"
KIND_FOLDERS = {"houses": "house", "staff": "staff", "pupils": "pupil", "assignments": "assignment",
                "sessions": "session", "reviews": "review"}
LOWER_BOUND = """
import os, sys, yaml
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".yml"):
            with open(os.path.join(folder, name), "rb") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mib: float
    note: str = ""


def run(name: str, command: list[str], cwd: Path, env: dict | None = None, expect=(0, 1), repeat: int = 1,
        reset=None) -> Measure:
    """Run ``command`` ``repeat`` times (calling ``reset`` before each); the best wall time and the
    highest peak resident memory. The best of a few runs is the least disturbed by anything else."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        if reset:
            reset()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env={**environment, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        best = min(best, time.perf_counter() - started)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in expect:
            sys.exit(f"{name} failed with exit {code}: {process.stderr.read().decode()[-2000:]}")
        process.stderr.close()
    return Measure(name, best, peak)


def prepare(pupils: int, workdir: Path) -> Path:
    """A generated school of ``pupils`` pupils as a git repository, with one session edited."""
    root = workdir / f"school-{pupils}"
    if not (root / ".git").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        subprocess.run([sys.executable, str(REPO / "bench/generate_school.py"), "--out", str(root / "records"),
                        "--pupils", str(pupils), "--houses", str(max(4, pupils // 400)), "--force"],
                       check=True, stdout=subprocess.DEVNULL)
        for item in ("schemas", "handbook", "mkdocs.yml"):
            source = REPO / item
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / item)
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(git + ["add", "-A"], cwd=root, check=True)
        subprocess.run(git + ["commit", "-qm", "base"], cwd=root, check=True)
    session = next((root / "records/sessions").rglob("*.yml"))
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=root, check=True)
    with session.open("a", encoding="utf-8") as handle:
        handle.write("notes: Edited by the benchmark's pull request.\n")
    return root


def check_jsonschema(root: Path) -> Measure:
    """check-jsonschema over the same files, one run per kind, in batches that fit a command line."""
    total, peak = 0.0, 0.0
    for folder, kind in KIND_FOLDERS.items():
        files = sorted(str(path) for path in (root / "records" / folder).rglob("*.yml"))
        for start in range(0, len(files), 2000):
            measure = run("check-jsonschema", [str(BIN / "check-jsonschema"), "--schemafile",
                                               str(root / "schemas" / f"{kind}.schema.json"), *files[start:start + 2000]],
                          root)
            total += measure.seconds
            peak = max(peak, measure.peak_mib)
    return Measure("check-jsonschema (schemas only)", total, peak, "one process per kind and 2,000 files")


def measure_school(pupils: int, workdir: Path, build: bool, repeat: int) -> list[Measure]:
    root = prepare(pupils, workdir)
    records = str(root / "records")
    pastoral = str(BIN / "pastoral")
    cache = {"PASTORAL_CACHE_DIR": str(root / ".cache")}
    check = [pastoral, "check", "--records", records, "--as-of", AS_OF]
    files = sum(1 for _ in (root / "records").rglob("*.yml"))

    def cold(name: str, command: list[str], env: dict, expect=(0, 1)) -> Measure:
        return run(name, command, root, env, expect, repeat, lambda: shutil.rmtree(root / ".cache", ignore_errors=True))

    def warm(name: str, command: list[str]) -> Measure:
        return run(name, command, root, cache, repeat=repeat)

    run("bytecode", [str(BIN / "python"), "-c", "import pastoral.cli"], root)  # written once, before timing
    bound = run("lower bound: read + CSafeLoader", [sys.executable, "-c", LOWER_BOUND, records], root, repeat=repeat)
    validate = cold("validate, cold", [pastoral, "validate", "--records", records], cache)
    check_cold = cold("check, cold", check, cache)
    check_warm = warm("check, warm", check)
    base_cold = cold("check --base (one session changed), cold", [*check, "--base", "HEAD"], cache)
    base_warm = warm("check --base (one session changed), warm", [*check, "--base", "HEAD"])
    results = [bound, validate, check_cold, check_warm, base_cold, base_warm, check_jsonschema(root)]
    if build:
        results.append(cold("intranet build (mkdocs build), cold", [str(BIN / "mkdocs"), "build", "--quiet"],
                            {**cache, "PASTORAL_AS_OF": AS_OF}, expect=(0,)))
    base_cold.note = f"{base_cold.seconds / check_cold.seconds:.2f} × check, cold"
    base_warm.note = f"{base_warm.seconds / check_warm.seconds:.2f} × check, warm"
    for measure in results:
        measure.note = f"{files:,} files" + (f"; {measure.note}" if measure.note else "")
    return results


def table(pupils: int, results: list[Measure]) -> str:
    bound = results[0].seconds
    lines = [f"### {pupils:,} pupils", "",
             "| measurement | wall time (s) | peak memory (MiB) | × lower bound | note |",
             "|---|---:|---:|---:|---|"]
    lines += [f"| {m.name} | {m.seconds:.2f} | {m.peak_mib:.0f} | {m.seconds / bound:.2f} | {m.note} |" for m in results]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pupils", type=int, nargs="+", default=[2000, 50000],
                        help="school sizes for the full table (default: 2,000 and 50,000)")
    parser.add_argument("--scaling", type=int, nargs="*", default=[2000, 10000, 50000],
                        help="sizes for the cold-check scaling table")
    parser.add_argument("--build-up-to", type=int, default=2000,
                        help="build the intranet site only for schools up to this many pupils")
    parser.add_argument("--repeat", type=int, default=3,
                        help="run each command this many times and keep the best time (default: 3)")
    parser.add_argument("--workdir", type=Path, default=REPO / ".bench")
    args = parser.parse_args()
    print(f"pastoral benchmark, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"best of {args.repeat} run(s) each (check-jsonschema: one)\n")
    for pupils in args.pupils:
        print(table(pupils, measure_school(pupils, args.workdir, pupils <= args.build_up_to, args.repeat)) + "\n",
              flush=True)
    if args.scaling:
        print("### How the cold check grows\n\n| pupils | files | check, cold (s) | µs per file |\n|---:|---:|---:|---:|")
        for pupils in args.scaling:
            root = prepare(pupils, args.workdir)
            files = sum(1 for _ in (root / "records").rglob("*.yml"))
            cold = run("check", [str(BIN / "pastoral"), "check", "--records", str(root / "records"), "--as-of", AS_OF],
                       root, {"PASTORAL_CACHE_DIR": str(root / ".cache")}, repeat=args.repeat,
                       reset=lambda root=root: shutil.rmtree(root / ".cache", ignore_errors=True))
            print(f"| {pupils:,} | {files:,} | {cold.seconds:.2f} | {cold.seconds / files * 1e6:.0f} |", flush=True)


if __name__ == "__main__":
    main()
