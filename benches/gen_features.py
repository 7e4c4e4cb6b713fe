"""Write synthetic features for `ncverify metrics` streamed, without holding them in memory.

    python3 benches/gen_features.py OUTDIR N D K [dtype]

writes OUTDIR/features.npy (N, D) (float32 by default), OUTDIR/labels.npy (N,) int64 and
OUTDIR/weights.npy (K, D) float64: class means of norm ~3 plus unit Gaussian noise, labels
drawn uniformly (every class non-empty for N >> K). Used for the 10^6 x 2048 measurement in
benches/README.md (delete the 8 GB file afterwards).
"""
import os
import sys

import numpy as np


def main():
    out, n, d, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    dtype = np.dtype(sys.argv[5] if len(sys.argv) > 5 else "float32")
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(12)
    means = rng.normal(size=(k, d)) * (3.0 / np.sqrt(d))
    labels = rng.integers(0, k, size=n)
    np.save(os.path.join(out, "labels.npy"), labels.astype(np.int64))
    np.save(os.path.join(out, "weights.npy"), means + 0.01 * rng.normal(size=(k, d)))
    path = os.path.join(out, "features.npy")
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(
            f, {"descr": dtype.str, "fortran_order": False, "shape": (n, d)}
        )
        chunk = 20000
        for s in range(0, n, chunk):
            y = labels[s : s + chunk]
            x = means[y] + rng.standard_normal(size=(len(y), d), dtype=np.float32) / np.sqrt(d)
            f.write(np.ascontiguousarray(x, dtype=dtype).tobytes())
    print(path, os.path.getsize(path))


if __name__ == "__main__":
    main()
