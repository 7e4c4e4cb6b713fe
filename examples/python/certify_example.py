"""Certify and measure a trained DUFM point with ncverify from Python.

Reads the folder written by train_dufm.py, then
1. checks that ncverify's objective (the crate's f64 trainer formula) agrees with the NumPy
   one at the saved point (same normalisation: docs/theory.md §3.1);
2. compares the point with the exact optimum over every deep-neural-collapse point;
3. asks ncverify to certify the point, from the arrays and from the saved file: round it
   to dyadic rationals and have the kernel verify that its exact loss is below every DNC
   point's (writes certificate-npz.toml or certificate-safetensors.toml), then re-verifies
   the written file;
4. measures the neural-collapse metrics of its features (and of every layer's, for the
   effective depth) with ncverify.metrics.

Exit status 0 iff every step succeeded and the point was certified.
"""

import argparse
import json
import pathlib
import sys

import numpy as np

import ncverify
from train_dufm import forward, labels_matrix, objective


def lam_text(x):
    """The exact decimal the float was typed as (0.004 -> "0.004")."""
    return repr(float(x))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default="out")
    ap.add_argument("--format", choices=["npz", "safetensors"], default="npz")
    a = ap.parse_args(argv)
    folder = pathlib.Path(a.folder)
    cfg = json.loads((folder / "train.json").read_text())
    k, n, layers, lam = cfg["classes"], cfg["samples"], cfg["layers"], cfg["lambda"]

    if a.format == "npz":
        with np.load(folder / "dufm.npz") as z:
            params = {name: z[name] for name in z.files}
    else:
        from safetensors.numpy import load_file

        params = load_file(str(folder / "dufm.safetensors"))
    h1 = params["H1"]
    ws = [params[f"W{i}"] for i in range(1, layers + 1)]

    # 1. the same objective in NumPy and in ncverify
    fit, reg = objective(h1, ws, labels_matrix(k, n), lam, lam)
    ours = ncverify.dufm_loss(params, k, lam, lam)
    rel = abs(ours["total"] - (fit + reg)) / (fit + reg)
    print(f"objective: numpy {fit + reg:.12f}  ncverify {ours['total']:.12f}  (relative difference {rel:.1e})")
    if rel > 1e-12:
        print("the objectives disagree", file=sys.stderr)
        return 1

    # 2. against deep neural collapse (exact optimum over all DNC points)
    dnc = ncverify.family_loss("dnc", k, layers, lam_text(lam), lam_text(lam), samples=n)
    print(f"l_DNC = {dnc['loss']:.10f}; this point / l_DNC = {ours['total'] / dnc['loss']:.6f}")

    # 3. certificate
    certified = certify(folder, params, cfg, lam, a.format)

    # 4. metrics of the features entering W_L (rows = samples) and of every layer
    hs, _ = forward(h1, ws)
    labels = np.repeat(np.arange(k), n)
    m = ncverify.metrics(hs[-1].T, labels, classifier=ws[-1], layers=[h.T for h in hs])
    print("metrics: " + ", ".join(f"{key} {m[key]:.4g}" if isinstance(m[key], float) else f"{key} {m[key]}"
                                  for key in ("nc1", "nc2_equinorm", "nc2_equiangularity", "nc2_etf_distance",
                                              "nc3", "nc4", "cdnv_mean", "ncc_error", "effective_depth")))
    (folder / "metrics.json").write_text(json.dumps(m, indent=2) + "\n")
    return 0 if certified else 1


def certify(folder, params, cfg, lam, fmt):
    """Certify the point with ncverify.certify_point, from the arrays in memory and from the
    saved file; write the certificate and re-verify the file with the kernel."""
    lw = lh = lam_text(lam)
    from_file = folder / ("dufm.npz" if fmt == "npz" else "dufm.safetensors")
    ok = True
    for what, point in (("arrays", params), (from_file.name, from_file)):
        r = ncverify.certify_point(point, lw, lh)
        tries = ", ".join(f"{a['bits']} bits: {a['result']}" for a in r["attempts"])
        print(f"certify_point({what}): {r['verdict']} ({tries})")
        if r["certificate"] is None:
            print(f"  not certified: best exact loss {r['best_exact_loss']}, "
                  f"l_DNC in [{float(r['dnc_lower']):.10f}, {float(r['dnc_upper']):.10f}]", file=sys.stderr)
            ok = False
            continue
        path = folder / f"certificate-{fmt}.toml"
        path.write_text(r["certificate"])
        v = ncverify.verify_file(path)
        print(f"  kernel: exact loss {float(v['upper']):.10f} < {float(v['lower']):.10f} <= "
              f"the loss of every DNC point; wrote {path.name}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
