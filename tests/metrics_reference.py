"""Independent NumPy implementation of the collapse metrics of `ncverify metrics`
(src/metrics/stream.rs, docs/theory.md section 8), for cross-checking on synthetic data.

    python3 tests/metrics_reference.py FEATURES.npy LABELS.npy [WEIGHTS.npy]
    python3 tests/metrics_reference.py F1 L1 W1 F2 L2 W2 ...   (a JSON list, one import)

prints a JSON object with the same keys as `ncverify metrics --json`. Formulas (written out
here from their definitions, not ported from the Rust code): features h_i (rows), labels y_i,
class means mu_c, global mean mu_G = mean of the class means, centred means M~.
  Sigma_W = 1/N sum_i (h_i - mu_yi)(h_i - mu_yi)^T     (a d x d matrix)
  Sigma_B = 1/K sum_c (mu_c - mu_G)(mu_c - mu_G)^T
  NC1 = tr(Sigma_W pinv(Sigma_B)) / K, pinv dropping eigenvalues <= 1e-10 * max
  trace ratio = tr Sigma_W / tr Sigma_B
  NC2: CV (population std / mean) of ||mu_c - mu_G||; mean over c != c' of
       |cos(M~_c, M~_c') + 1/(K-1)|; || G/||G||_F - S/||S||_F ||_F, G = M~^T M~, S = I - J/K
  NC3 = || W^T/||W||_F - M~/||M~||_F ||_F
  NC4 = fraction of samples whose argmax W h (last of equal maxima) differs from the
        nearest class mean (a tie for the nearest counts as differing)
  CDNV(i, j) = (Var_i + Var_j) / (2 ||mu_i - mu_j||^2), Var_c = mean ||h - mu_c||^2 over
        class c; mean and max over i < j
  NCC accuracy = fraction of samples strictly nearest to their own class mean.
"""
import json
import sys

import numpy as np


def metrics(h, y, w=None, rel_tol=1e-10):
    h = np.asarray(h, dtype=np.float64)
    n, d = h.shape
    k = int(w.shape[0]) if w is not None else int(y.max()) + 1
    counts = np.bincount(y, minlength=k)
    mu = np.stack([h[y == c].mean(axis=0) for c in range(k)])  # K x d
    mg = mu.mean(axis=0)
    mt = mu - mg  # K x d, rows are centred means
    cen = h - mu[y]
    sw = cen.T @ cen / n
    sb = mt.T @ mt / k
    ev, evec = np.linalg.eigh(sb)
    keep = (ev > rel_tol * np.abs(ev).max()) & (ev > 0)
    sb_pinv = (evec[:, keep] / ev[keep]) @ evec[:, keep].T
    nc1 = float(np.trace(sw @ sb_pinv) / k)
    trace_ratio = float(np.trace(sw) / np.trace(sb))
    norms = np.linalg.norm(mt, axis=1)
    equinorm = float(norms.std() / norms.mean())
    cos = (mt @ mt.T) / np.outer(norms, norms)
    off = ~np.eye(k, dtype=bool)
    equiang = float(np.abs(cos[off] + 1.0 / (k - 1)).mean())
    g = mt @ mt.T
    s = np.eye(k) - np.ones((k, k)) / k
    etf = float(np.linalg.norm(g / np.linalg.norm(g) - s / np.linalg.norm(s)))
    dist = ((h[:, None, :] - mu[None, :, :]) ** 2).sum(axis=2)  # N x K
    best = dist.argmin(axis=1)
    unique = (dist == dist.min(axis=1, keepdims=True)).sum(axis=1) == 1
    ncc = np.where(unique, best, -1)
    acc = float((ncc == y).mean())
    var = np.array([(cen[y == c] ** 2).sum(axis=1).mean() for c in range(k)])
    iu = np.triu_indices(k, 1)
    md = ((mu[:, None, :] - mu[None, :, :]) ** 2).sum(axis=2)
    cd = (var[:, None] + var[None, :]) / (2 * md)
    out = {
        "classes": k,
        "samples": n,
        "dim": d,
        "class_counts": counts.tolist(),
        "nc1": nc1,
        "trace_ratio": trace_ratio,
        "nc2": {"equinorm": equinorm, "equiangularity": equiang, "etf_distance": etf},
        "cdnv_mean": float(cd[iu].mean()),
        "cdnv_max": float(cd[iu].max()),
        "ncc_accuracy": acc,
        "ncc_error": 1.0 - acc,
        "nc3": None,
        "nc4": None,
    }
    if w is not None:
        w = np.asarray(w, dtype=np.float64)
        out["nc3"] = float(np.linalg.norm(w.T / np.linalg.norm(w) - mt.T / np.linalg.norm(mt)))
        z = h @ w.T
        arg = k - 1 - np.argmax(z[:, ::-1], axis=1)  # last of equal maxima
        out["nc4"] = float((arg != ncc).mean())
    return out


def main():
    args = sys.argv[1:]
    if len(args) > 3:
        out = [
            metrics(np.load(f), np.load(y).astype(np.int64), np.load(w))
            for f, y, w in zip(args[0::3], args[1::3], args[2::3])
        ]
        print(json.dumps(out))
        return
    h = np.load(args[0])
    y = np.load(args[1]).astype(np.int64)
    w = np.load(args[2]) if len(args) > 2 else None
    print(json.dumps(metrics(h, y, w)))


if __name__ == "__main__":
    main()
