"""Train a deep unconstrained-features model (MSE, ReLU) with NumPy only, and save it.

K = 10 classes, n samples per class, width d, L = 4 weight matrices, objective (the one
ncverify uses, docs/theory.md §3.1):

    L(H1, W1..WL) = 1/(2N) ||WL relu(W_{L-1} ... relu(W1 H1)) - Y||_F^2
                    + lambda_W/2 sum_l ||W_l||_F^2 + lambda_H/2 ||H1||_F^2,

with Y = I_K (x) 1_n^T (columns class-major), N = K n, ReLU after W1..W_{L-1} and none after
WL. Full-batch gradient descent from a Gaussian start; with the defaults (the setting of the
claim mse.gd_finds_below_dnc: d = 30, lambda = 0.004, step 0.5, 10 000 steps) it lands below
the loss of every deep-neural-collapse point, l_DNC = 0.0991798746...

Writes, in --out:
  dufm.npz            H1, W1, ..., WL (float64), the DUFM point ncverify certifies
  dufm.safetensors    the same tensors, with safetensors' NumPy API (if installed)
  features.npy        the features entering WL, one row per sample (N x d)
  labels.npy          their labels (int64, N)
  classifier.npy      WL (K x d)
  train.json          the settings, the final loss and its parts, l_DNC for reference
"""

import argparse
import json
import pathlib
import sys
import time

import numpy as np

# l_DNC at K = 10, L = 4, lambda_W = lambda_H = 0.004, n = 1: what `ncverify mse --family dnc
# --classes 10 --layers 4 --lambda-w 0.004 --lambda-h 0.004` prints (for the message only).
DNC_LOSS_DEFAULT = 0.0991798746


def labels_matrix(classes, samples):
    """Y = I_K (x) 1_n^T: column j belongs to class j // n."""
    return np.kron(np.eye(classes), np.ones((1, samples)))


def forward(h1, ws):
    """Pre-activations G_l = W_l H_l and features H_1..H_L; the output is G_L (no ReLU)."""
    hs, gs = [h1], []
    for i, w in enumerate(ws):
        g = w @ hs[-1]
        gs.append(g)
        if i < len(ws) - 1:
            hs.append(np.maximum(g, 0.0))
    return hs, gs


def objective(h1, ws, y, lam_w, lam_h):
    """(fit, reg) of the objective above."""
    _, gs = forward(h1, ws)
    n_total = y.shape[1]
    fit = np.sum((gs[-1] - y) ** 2) / (2 * n_total)
    reg = lam_w / 2 * sum(np.sum(w * w) for w in ws) + lam_h / 2 * np.sum(h1 * h1)
    return fit, reg


def gradient(h1, ws, y, lam_w, lam_h):
    """Gradient of the objective with respect to H1, W1..WL (backpropagation)."""
    hs, gs = forward(h1, ws)
    n_total = y.shape[1]
    dg = (gs[-1] - y) / n_total  # d fit / d Z
    dws = [None] * len(ws)
    for i in range(len(ws) - 1, -1, -1):
        dws[i] = dg @ hs[i].T + lam_w * ws[i]
        dh = ws[i].T @ dg
        if i > 0:
            dg = dh * (gs[i - 1] > 0)
    dh1 = dh + lam_h * h1
    return dh1, dws


def train(classes, samples, width, layers, lam_w, lam_h, lr, steps, init_scale, seed):
    rng = np.random.default_rng(seed)
    n_total = classes * samples
    h1 = init_scale * rng.standard_normal((width, n_total))
    ws = [init_scale * rng.standard_normal((width, width)) for _ in range(layers - 1)]
    ws.append(init_scale * rng.standard_normal((classes, width)))
    y = labels_matrix(classes, samples)
    for _ in range(steps):
        dh1, dws = gradient(h1, ws, y, lam_w, lam_h)
        h1 -= lr * dh1
        for w, dw in zip(ws, dws):
            w -= lr * dw
    return h1, ws


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="out", help="output folder (created)")
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--samples", type=int, default=1)
    ap.add_argument("--width", type=int, default=30)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--lam", type=float, default=0.004, help="lambda_W = lambda_H")
    ap.add_argument("--lr", type=float, default=0.5)
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--init-scale", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--dnc-loss", type=float, default=DNC_LOSS_DEFAULT,
                    help="l_DNC at these parameters, to report the ratio (default: K=10, L=4, lambda=0.004, n=1)")
    a = ap.parse_args(argv)

    start = time.perf_counter()
    h1, ws = train(a.classes, a.samples, a.width, a.layers, a.lam, a.lam, a.lr, a.steps,
                   a.init_scale, a.seed)
    secs = time.perf_counter() - start
    y = labels_matrix(a.classes, a.samples)
    fit, reg = objective(h1, ws, y, a.lam, a.lam)
    loss = fit + reg
    if not np.isfinite(loss):
        print(f"diverged (loss {loss}); lower --lr", file=sys.stderr)
        return 1

    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    tensors = {"H1": h1}
    tensors.update({f"W{i + 1}": w for i, w in enumerate(ws)})
    np.savez(out / "dufm.npz", **tensors)
    try:
        from safetensors.numpy import save_file
    except ImportError:
        print("safetensors is not installed: wrote dufm.npz only", file=sys.stderr)
    else:
        save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()},
                  str(out / "dufm.safetensors"))
    hs, _ = forward(h1, ws)
    # N x d, one row per sample, C order (the CLI streams rows; it refuses Fortran order)
    np.save(out / "features.npy", np.ascontiguousarray(hs[-1].T))
    np.save(out / "labels.npy", np.repeat(np.arange(a.classes, dtype=np.int64), a.samples))
    np.save(out / "classifier.npy", ws[-1])
    report = {
        "classes": a.classes, "samples": a.samples, "width": a.width, "layers": a.layers,
        "lambda": a.lam, "lr": a.lr, "steps": a.steps, "init_scale": a.init_scale,
        "seed": a.seed, "loss": loss, "fit": fit, "reg": reg, "dnc_loss": a.dnc_loss,
        "ratio": loss / a.dnc_loss, "seconds": secs,
    }
    (out / "train.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"trained in {secs:.1f} s: loss {loss:.10f} (fit {fit:.6f}, reg {reg:.6f}); "
          f"l_DNC {a.dnc_loss:.10f}; ratio {loss / a.dnc_loss:.6f}; wrote {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
