#!/usr/bin/env python3
"""Side-by-side speed of ncverify's trainer and a NumPy reference trainer, in the same time window.

Usage (from the crate root), one command that builds nothing and prints the table:
    cargo build --release
    python3 benches/compare.py --threads 2 --configs b,c [--repeats 5] [--dtypes f64]

For each configuration of benches/README.md it runs `target/release/ncverify train ... --json`
(rayon pool pinned with RAYON_NUM_THREADS=--threads) and `benches/dufm_reference.py` (NumPy,
hand-written backprop, the same model; OpenBLAS pinned with OPENBLAS_NUM_THREADS=--threads).
The runs are interleaved: each repetition runs ncverify, NumPy and (with --threads > 1)
ncverify and NumPy with one thread back to back, so a load change on a shared machine hits both sides;
the table gives medians over the repetitions and the median of the per-repetition ratios.
GFLOP/s counts the matrix products, 6 [(L-1) d^2 N + K d N] flops per step, and is compared
with a NumPy 1024^3 f64 matmul peak measured with 1 and --threads threads (also interleaved).
The two sides draw different random initialisations (same distribution); their agreement
step by step from one initialisation is tests/train_reference.rs. `uptime` is printed before and after: timings are only meaningful
when the load average is below the number of cores.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, "target", "release", "ncverify")
REF = os.path.join(HERE, "dufm_reference.py")

CONFIGS = {
    "a": dict(K=10, L=4, n=1, d=30, lam=0.004, lr=0.5, loss="mse", linear=False, scale=0.3, steps=10000),
    "b": dict(K=100, L=4, n=1, d=128, lam=0.004, lr=0.5, loss="mse", linear=False, scale=0.1, steps=1000),
    "c": dict(K=10, L=6, n=50, d=64, lam=1e-3, lr=0.1, loss="ce", linear=True, scale=0.3, steps=2000),
}


def flops(c):
    N = c["K"] * c["n"]
    return 6 * ((c["L"] - 1) * c["d"] ** 2 * N + c["K"] * c["d"] * N)


def ours(c, dtype, threads):
    cmd = [BIN, "train", "--classes", c["K"], "--layers", c["L"], "--samples", c["n"], "--width", c["d"],
           "--lambda", c["lam"], "--lr", c["lr"], "--loss", c["loss"],
           "--activation", "linear" if c["linear"] else "relu", "--init-scale", c["scale"],
           "--steps", c["steps"], "--dtype", dtype, "--json"]
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run([str(x) for x in cmd], check=True, capture_output=True, text=True,
                         env=env).stdout
    o = json.loads(out)
    return o["steps_per_second"], o["final_loss"]


def numpy_args(c, dtype, threads):
    a = ["--K", c["K"], "--L", c["L"], "--n", c["n"], "--d", c["d"], "--lam", c["lam"], "--lr", c["lr"],
         "--loss", c["loss"], "--init-scale", c["scale"], "--steps", c["steps"], "--threads", threads,
         "--dtype", {"f64": "float64", "f32": "float32"}[dtype]]
    return [str(x) for x in a] + (["--linear"] if c["linear"] else [])


def reference(c, dtype, threads):
    out = subprocess.run([sys.executable, REF] + numpy_args(c, dtype, threads), check=True,
                         capture_output=True, text=True).stdout
    o = json.loads(out)
    return o["steps_per_second"], o["final_loss"]


def matmul_peak(threads):
    code = ("import os,time\n"
            f"os.environ['OPENBLAS_NUM_THREADS']=os.environ['OMP_NUM_THREADS']='{threads}'\n"
            "import numpy as np\n"
            "a=np.random.default_rng(0).standard_normal((1024,1024))\n"
            "a@a\n"
            "t=time.perf_counter(); r=5\n"
            "for _ in range(r): a@a\n"
            "print(2*1024**3*r/(time.perf_counter()-t)/1e9)\n")
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True).stdout)


def uptime():
    try:
        return subprocess.run(["uptime"], check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average %.2f %.2f %.2f" % os.getloadavg()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--threads", type=int, default=2,
                   help="threads on both sides: RAYON_NUM_THREADS and OPENBLAS_NUM_THREADS")
    p.add_argument("--configs", default="b,c")
    p.add_argument("--dtypes", default="f64")
    p.add_argument("--steps-factor", type=float, default=1.0,
                   help="scale every configuration's step count (e.g. 0.2 on a busy machine)")
    a = p.parse_args()
    for c in CONFIGS.values():
        c["steps"] = max(1, round(c["steps"] * a.steps_factor))
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} missing: run `cargo build --release` first")
    med = statistics.median
    print(f"before: {uptime()}")
    peaks = {t: [] for t in sorted({1, a.threads})}
    for _ in range(3):
        for t in peaks:
            peaks[t].append(matmul_peak(t))
    peak = {t: med(v) for t, v in peaks.items()}
    for t, v in peak.items():
        print(f"NumPy/OpenBLAS square matmul peak (1024^3, f64, {t} thread(s)): {v:.1f} GFLOP/s "
              f"(median of 3; runs {', '.join(f'{x:.1f}' for x in peaks[t])})")
    one = a.threads > 1
    hdr = ["config", "dtype", f"ncverify {a.threads}T steps/s", f"NumPy {a.threads}T steps/s",
           "ratio (median of paired)"]
    if one:
        hdr += ["ncverify 1T steps/s", f"{a.threads}T / 1T", "NumPy 1T steps/s"]
    hdr += ["ncverify GFLOP/s", f"of {a.threads}T peak", "NumPy GFLOP/s", f"of {a.threads}T peak"]
    rows = []
    for name in a.configs.split(","):
        c = CONFIGS[name]
        for dt in a.dtypes.split(","):
            s_ours, s_ref, s_one, s_ref1, ratios = [], [], [], [], []
            for _ in range(a.repeats):
                o = ours(c, dt, a.threads)[0]
                r = reference(c, dt, a.threads)[0]
                s_ours.append(o)
                s_ref.append(r)
                ratios.append(o / r)
                if one:
                    s_one.append(ours(c, dt, 1)[0])
                    s_ref1.append(reference(c, dt, 1)[0])
            so, sr = med(s_ours), med(s_ref)
            f = flops(c) / 1e9
            row = [f"({name})", dt, f"{so:.0f}", f"{sr:.0f}", f"{med(ratios):.2f}x"]
            if one:
                row += [f"{med(s_one):.0f}", f"{so / med(s_one):.2f}x", f"{med(s_ref1):.0f}"]
            row += [f"{so * f:.1f}", f"{so * f / peak[a.threads]:.0%}", f"{sr * f:.1f}",
                    f"{sr * f / peak[a.threads]:.0%}"]
            rows.append(row)
            print(f"  ({name}, {dt}) ncverify {[round(x) for x in s_ours]}, NumPy {[round(x) for x in s_ref]}"
                  + (f", ncverify 1T {[round(x) for x in s_one]}, NumPy 1T {[round(x) for x in s_ref1]}"
                     if one else ""), flush=True)
    print(f"after: {uptime()}")
    print(f"repeats: {a.repeats} (interleaved), threads: {a.threads} on both sides, "
          "steps: " + ", ".join(f"({n}) {CONFIGS[n]['steps']}" for n in a.configs.split(",")))
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
