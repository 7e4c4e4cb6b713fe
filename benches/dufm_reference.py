#!/usr/bin/env python3
"""NumPy reference trainer for the deep unconstrained features model (DUFM): ncverify's own,
written from the model definition below (the same as the project's original NumPy and PyTorch
reference trainers), used by benches/compare.py and tests/train_reference.rs.

Model (Sukenik et al. 2024, "Neural collapse vs. low-rank bias", arXiv:2405.14468):
  parameters H1 (d x N), W_1..W_{L-1} (d x d), W_L (K x d); N = K n
  labels     Y = I_K kron 1_n^T  (K x N, class-major columns)
  forward    G_l = W_l H_l, H_{l+1} = relu(G_l)  (l = 1..L-1; --linear drops relu); Z = W_L H_L
  loss mse   1/(2N) ||Z - Y||_F^2            + lam/2 (sum_l ||W_l||_F^2 + ||H1||_F^2)
  loss ce    mean_i CE(softmax(Z[:, i]), y_i) + lam/2 (sum_l ||W_l||_F^2 + ||H1||_F^2)
  init       every entry ~ N(0, 1) * init_scale, numpy.random.default_rng(seed), order H1, W_1..W_L
             (or --init-from FILE.json in the --save-init format {"H1": rows, "W": [rows, ...]})
  update     P <- P - lr * grad P (plain full-batch GD)

Output: one JSON object {final_loss, fit, reg, steps_per_second, losses?}. With --trace, "losses"
lists the objective before every step (float64 repr, full precision) plus the final one.
"""
import argparse
import json
import os
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--K", type=int, default=10)
    p.add_argument("--L", type=int, default=4)
    p.add_argument("--n", type=int, default=1)
    p.add_argument("--d", type=int, default=30)
    p.add_argument("--lam", type=float, default=0.004)
    p.add_argument("--lr", type=float, default=0.5)
    p.add_argument("--steps", type=int, default=10000)
    p.add_argument("--loss", choices=["mse", "ce"], default="mse")
    p.add_argument("--linear", action="store_true")
    p.add_argument("--init-scale", type=float, default=0.3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--save-init", default=None)
    p.add_argument("--init-from", default=None)
    p.add_argument("--trace", action="store_true")
    return p.parse_args()


a = parse()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(a.threads)
import numpy as np  # noqa: E402


def main():
    dt = np.dtype(a.dtype)
    K, L, n, d = a.K, a.L, a.n, a.d
    N = K * n
    labels = np.repeat(np.arange(K), n)
    Y = np.kron(np.eye(K), np.ones((1, n))).astype(dt)
    lam, lr = dt.type(a.lam), dt.type(a.lr)
    shapes = [(d, N)] + [(d, d)] * (L - 1) + [(K, d)]
    if a.init_from:
        with open(a.init_from) as f:
            saved = json.load(f)
        params = [np.array(saved["H1"], dtype=np.float64)] + [np.array(w, dtype=np.float64) for w in saved["W"]]
        if [p.shape for p in params] != shapes:
            raise SystemExit(f"--init-from shapes {[p.shape for p in params]} != {shapes}")
        params = [p.astype(dt) for p in params]
    else:
        rng = np.random.default_rng(a.seed)
        params = [(rng.standard_normal(s) * a.init_scale).astype(dt) for s in shapes]
    if a.save_init:
        with open(a.save_init, "w") as f:
            json.dump({"H1": params[0].astype(np.float64).tolist(),
                       "W": [w.astype(np.float64).tolist() for w in params[1:]]}, f)

    def forward():
        H, Hs, Gs = params[0], [params[0]], []
        for W in params[1:-1]:
            G = W @ H
            H = G if a.linear else np.maximum(G, 0)
            Gs.append(G)
            Hs.append(H)
        return params[-1] @ H, Hs, Gs

    def fit_and_dZ(Z):
        if a.loss == "mse":
            R = Z - Y
            return 0.5 / N * np.sum(R * R), R / N
        Zs = Z - Z.max(axis=0, keepdims=True)
        E = np.exp(Zs)
        S = E.sum(axis=0, keepdims=True)
        return np.mean(np.log(S[0]) - Zs[labels, np.arange(N)]), (E / S - Y) / N

    def reg():
        return 0.5 * lam * sum(np.sum(P * P) for P in params)

    losses = []

    def step():
        Z, Hs, Gs = forward()
        fit, dZ = fit_and_dZ(Z)
        if a.trace:
            losses.append(float(fit + reg()))
        grads = [None] * (L + 1)
        grads[L] = dZ @ Hs[L - 1].T + lam * params[L]
        dH = params[L].T @ dZ
        for l in range(L - 1, 0, -1):
            dG = dH if a.linear else dH * (Gs[l - 1] > 0)
            grads[l] = dG @ Hs[l - 1].T + lam * params[l]
            dH = params[l].T @ dG
        grads[0] = dH + lam * params[0]
        for P, g in zip(params, grads):
            P -= lr * g

    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    wall = time.perf_counter() - t0
    Z, _, _ = forward()
    fit = float(fit_and_dZ(Z)[0])
    rg = float(reg())
    out = {"final_loss": fit + rg, "fit": fit, "reg": rg,
           "steps_per_second": a.steps / wall if wall > 0 else float("inf"),
           "numpy": np.__version__, "dtype": a.dtype, "threads": a.threads}
    if a.trace:
        out["losses"] = losses + [fit + rg]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
