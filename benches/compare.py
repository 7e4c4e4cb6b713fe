#!/usr/bin/env python3
"""Side-by-side speed of ncverify's trainer and a NumPy reference trainer, in the same run.

Usage (from the crate root):
    cargo build --release
    python3 benches/compare.py [--repeats 3] [--threads 1] [--configs a,b,c] [--dtypes f64,f32]

For each configuration of shared/bench/README.md it runs `target/release/ncverify train ... --json`
and `benches/dufm_reference.py` (NumPy, hand-written backprop, the same model) `--repeats` times
and prints the median steps/s, the ratio, and GFLOP/s of the matrix products
(6 [(L-1) d^2 N + K d N] flops per step) against a measured NumPy (BLAS) square-matmul peak.
If ../shared/bench/dufm_numpy.py exists it is timed too, and dufm_reference.py's final loss is
checked against it (same seed, same NumPy draw). Timings are only meaningful on an idle machine.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, "target", "release", "ncverify")
REF = os.path.join(HERE, "dufm_reference.py")
SHARED = os.path.join(ROOT, "..", "shared", "bench", "dufm_numpy.py")

CONFIGS = {
    "a": dict(K=10, L=4, n=1, d=30, lam=0.004, lr=0.5, loss="mse", linear=False, scale=0.3, steps=10000),
    "b": dict(K=100, L=4, n=1, d=128, lam=0.004, lr=0.5, loss="mse", linear=False, scale=0.1, steps=1000),
    "c": dict(K=10, L=6, n=50, d=64, lam=1e-3, lr=0.1, loss="ce", linear=True, scale=0.3, steps=2000),
}
PYTORCH_F32 = {"a": 1612, "b": 962, "c": 730}  # shared/bench/README.md, 2-core CI machine


def flops(c):
    N = c["K"] * c["n"]
    return 6 * ((c["L"] - 1) * c["d"] ** 2 * N + c["K"] * c["d"] * N)


def ours(c, dtype):
    cmd = [BIN, "train", "--classes", c["K"], "--layers", c["L"], "--samples", c["n"], "--width", c["d"],
           "--lambda", c["lam"], "--lr", c["lr"], "--loss", c["loss"],
           "--activation", "linear" if c["linear"] else "relu", "--init-scale", c["scale"],
           "--steps", c["steps"], "--dtype", dtype, "--json"]
    out = subprocess.run([str(x) for x in cmd], check=True, capture_output=True, text=True).stdout
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


def shared(c, dtype, threads):
    out = subprocess.run([sys.executable, SHARED] + numpy_args(c, dtype, threads), check=True,
                         capture_output=True, text=True).stdout
    vals = dict(line.split(None, 1) for line in out.splitlines() if line)
    return float(vals["train_wall_s"].split()[2]), float(vals["final_loss"].split()[0])


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


def median_of(f, repeats):
    runs = [f() for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), runs[0][1]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1, help="BLAS threads for NumPy (ncverify uses 1)")
    p.add_argument("--configs", default="a,b,c")
    p.add_argument("--dtypes", default="f64,f32")
    a = p.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} missing: run `cargo build --release` first")
    peak = matmul_peak(a.threads)
    print(f"NumPy square matmul peak (1024^3, f64, {a.threads} thread(s)): {peak:.1f} GFLOP/s")
    print(f"load average before: {os.getloadavg()[0]:.2f} (timings are noisy if the machine is busy)")
    have_shared = os.path.exists(SHARED)
    hdr = ["config", "dtype", "ncverify steps/s", "NumPy (ours) steps/s", "ratio", "vs PyTorch 1612/962/730",
           "ncverify GFLOP/s", "NumPy GFLOP/s"]
    if have_shared:
        hdr.insert(4, "dufm_numpy.py steps/s")
    print("| " + " | ".join(hdr) + " |")
    print("|" + "---|" * len(hdr))
    for name in a.configs.split(","):
        c = CONFIGS[name]
        for dt in a.dtypes.split(","):
            s_ours, l_ours = median_of(lambda: ours(c, dt), a.repeats)
            s_ref, l_ref = median_of(lambda: reference(c, dt, a.threads), a.repeats)
            row = [f"({name})", dt, f"{s_ours:.0f}", f"{s_ref:.0f}"]
            if have_shared:
                s_sh, l_sh = median_of(lambda: shared(c, dt, a.threads), a.repeats)
                row.append(f"{s_sh:.0f}")
                if abs(l_sh - l_ref) > 1e-6 * abs(l_sh) + 1e-9:
                    print(f"WARNING ({name}, {dt}): dufm_reference.py final loss {l_ref} != dufm_numpy.py {l_sh}")
            row += [f"{s_ours / s_ref:.2f}x", f"{s_ours / PYTORCH_F32[name]:.1f}x",
                    f"{s_ours * flops(c) / 1e9:.2f}", f"{s_ref * flops(c) / 1e9:.2f}"]
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
