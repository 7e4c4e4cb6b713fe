"""The trainer, the objective and the metrics from NumPy, against independent NumPy formulas."""

import numpy as np
import pytest

import ncverify


def numpy_objective(params, classes, lam_w, lam_h):
    """docs/theory.md §3.1: fit 1/(2N)||W_L s(...s(W_1 H_1)) - Y||^2 + lam_W/2 sum ||W_l||^2
    + lam_H/2 ||H_1||^2, ReLU after W_1..W_{L-1}, columns class-major."""
    h = params["H1"]
    n_total = h.shape[1]
    n = n_total // classes
    ws = [params[f"W{i}"] for i in range(1, len(params))]
    x = h
    for w in ws[:-1]:
        x = np.maximum(w @ x, 0.0)
    z = ws[-1] @ x
    y = np.kron(np.eye(classes), np.ones((1, n)))
    fit = np.sum((z - y) ** 2) / (2 * n_total)
    reg = lam_w / 2 * sum(np.sum(w * w) for w in ws) + lam_h / 2 * np.sum(h * h)
    return fit, reg


def test_train_shapes_and_trace():
    r = ncverify.train(classes=4, layers=3, width=8, samples=2, steps=50, trace_every=10, seed=3)
    p = r["params"]
    assert sorted(p) == ["H1", "W1", "W2", "W3"]
    assert p["H1"].shape == (8, 8) and p["W1"].shape == (8, 8) and p["W3"].shape == (4, 8)
    assert all(a.dtype == np.float64 for a in p.values())
    assert len(r["features"]) == 3 and all(f.shape == (8, 8) for f in r["features"])
    assert r["output"].shape == (4, 8)
    t = r["loss_trace"]
    assert t.shape == (6, 4)  # steps 0, 10, ..., 40 and the final row
    assert list(t[:, 0]) == [0, 10, 20, 30, 40, 50]
    np.testing.assert_allclose(t[:, 1], t[:, 2] + t[:, 3], rtol=1e-14)
    assert t[-1, 1] == r["final_loss"] and not r["diverged"]
    # gradient descent with a small step decreases the objective
    assert t[-1, 1] < t[0, 1]


def test_objective_matches_numpy_and_trainer():
    r = ncverify.train(classes=5, layers=4, width=7, samples=3, steps=20, lambda_w=0.01, lambda_h=0.002)
    p = r["params"]
    ours = ncverify.dufm_loss(p, 5, 0.01, 0.002)
    fit, reg = numpy_objective(p, 5, 0.01, 0.002)
    assert ours["fit"] == pytest.approx(fit, rel=1e-12)
    assert ours["reg"] == pytest.approx(reg, rel=1e-12)
    assert ours["total"] == pytest.approx(r["final_loss"], rel=1e-12)
    # the network output Z = W_L H_L
    np.testing.assert_allclose(r["output"], p["W4"] @ r["features"][-1], rtol=1e-12, atol=1e-14)


def test_train_from_params_continues():
    a = ncverify.train(classes=3, layers=2, width=4, samples=1, steps=10, seed=1)
    b = ncverify.train(classes=3, params=a["params"], steps=0)
    assert b["final_loss"] == pytest.approx(a["final_loss"], rel=1e-14)
    f32 = {k: v.astype(np.float32) for k, v in a["params"].items()}
    c = ncverify.dufm_loss(f32, 3, 0.004, 0.004)
    assert c["total"] == pytest.approx(a["final_loss"], rel=1e-5)


def test_bad_trainer_input():
    with pytest.raises(ncverify.ParameterError, match="lr"):
        ncverify.train(lr=-1.0, steps=1)
    with pytest.raises(ncverify.ParameterError, match="width"):
        ncverify.train(width=1_000_000, samples=1000, steps=1)
    with pytest.raises(ncverify.ParameterError, match="classes"):
        ncverify.train(classes=1, steps=1)
    p = ncverify.train(classes=3, layers=2, width=4, steps=1)["params"]
    bad = dict(p)
    bad["W2"] = np.zeros((2, 4))
    with pytest.raises(ncverify.ShapeError, match="W2"):
        ncverify.dufm_loss(bad, 3, 0.01, 0.01)
    nan = dict(p)
    nan["H1"] = p["H1"].copy()
    nan["H1"][1, 2] = np.nan
    with pytest.raises(ncverify.ShapeError, match=r"H1.*\[1, 2\]"):
        ncverify.dufm_loss(nan, 3, 0.01, 0.01)
    with pytest.raises(ncverify.ShapeError, match="H1"):
        ncverify.dufm_loss({**p, "H1": p["H1"].astype(np.int64)}, 3, 0.01, 0.01)
    with pytest.raises(ncverify.ParameterError, match="missing \"W2\""):
        ncverify.dufm_loss({"H1": p["H1"], "W1": p["W1"], "W3": p["W2"]}, 3, 0.01, 0.01)
    with pytest.raises(ncverify.ParameterError, match="X1"):
        ncverify.dufm_loss({**p, "X1": p["W1"]}, 3, 0.01, 0.01)


def numpy_nc1(features, labels, k):
    """Tr(Sigma_W Sigma_B^+)/K (ncverify::metrics), features N x d."""
    mu = np.stack([features[labels == c].mean(axis=0) for c in range(k)])
    centred = mu - mu.mean(axis=0)
    sw = sum(np.outer(x - mu[y], x - mu[y]) for x, y in zip(features, labels)) / len(labels)
    sb = centred.T @ centred / k
    return np.trace(sw @ np.linalg.pinv(sb, rcond=1e-10, hermitian=True)) / k


def numpy_cdnv(features, labels, k):
    mu = np.stack([features[labels == c].mean(axis=0) for c in range(k)])
    var = np.array([np.mean(np.sum((features[labels == c] - mu[c]) ** 2, axis=1)) for c in range(k)])
    vals = [(var[i] + var[j]) / (2 * np.sum((mu[i] - mu[j]) ** 2)) for i in range(k) for j in range(i + 1, k)]
    return np.mean(vals), np.max(vals)


def test_metrics_match_numpy_on_shuffled_data():
    rng = np.random.default_rng(7)
    k, n, d = 4, 6, 9
    labels = rng.permutation(np.repeat(np.arange(k), n))
    means = 3 * rng.standard_normal((k, d))
    features = means[labels] + rng.standard_normal((k * n, d))
    m = ncverify.metrics(features, labels)
    assert m["classes"] == k and m["samples"] == k * n and m["dim"] == d
    assert m["class_counts"] == [n] * k
    assert m["nc1"] == pytest.approx(numpy_nc1(features, labels, k), rel=1e-10)
    cm, cx = numpy_cdnv(features, labels, k)
    assert m["cdnv_mean"] == pytest.approx(cm, rel=1e-10)
    assert m["cdnv_max"] == pytest.approx(cx, rel=1e-10)
    assert m["ncc_error"] == pytest.approx(1 - m["ncc_accuracy"])
    assert m["nc3"] is None and m["nc4"] is None
    # a permutation of the samples changes nothing
    perm = rng.permutation(k * n)
    m2 = ncverify.metrics(features[perm], labels[perm].astype(np.int32))
    assert m2["nc1"] == pytest.approx(m["nc1"], rel=1e-12)


def test_collapsed_features():
    k, n = 3, 2
    labels = np.repeat(np.arange(k), n)
    feats = np.eye(k)[labels] * 2.0
    w = np.eye(k)
    m = ncverify.metrics(feats, labels, classifier=w, layers=[feats, feats])
    assert m["nc1"] == 0.0 and m["ncc_accuracy"] == 1.0 and m["nc4"] == 0.0
    assert m["nc2_equinorm"] < 1e-12 and m["nc2_etf_distance"] < 1e-12
    assert m["effective_depth"] == 1


def test_metrics_bad_input():
    labels = np.array([0, 0, 1, 1])
    feats = np.ones((4, 3))
    with pytest.raises(ncverify.ShapeError, match="labels"):
        ncverify.metrics(feats, np.array([0, 0, 1]))
    with pytest.raises(ncverify.ShapeError, match="labels.*5"):
        ncverify.metrics(feats, np.array([0, 0, 1, 5]), classes=2)
    with pytest.raises(ncverify.ParameterError, match="ncc_epsilon"):
        ncverify.metrics(feats, labels, ncc_epsilon=2.0)
    with pytest.raises(ncverify.ShapeError, match="labels.*negative"):
        ncverify.metrics(feats, np.array([0, 0, 1, -1]))
    with pytest.raises(ncverify.ShapeError, match="class 1"):
        ncverify.metrics(feats, np.array([0, 0, 2, 2]), classes=3)  # class 1 is empty
    with pytest.raises(ncverify.ShapeError, match="labels"):
        ncverify.metrics(feats, labels.astype(float))
    inf = feats.copy()
    inf[3, 0] = np.inf
    with pytest.raises(ncverify.ShapeError, match=r"features.*\[3, 0\]"):
        ncverify.metrics(inf, labels)
    with pytest.raises(ncverify.ShapeError, match="features"):
        ncverify.metrics(np.ones(4), labels)
    with pytest.raises(ncverify.ShapeError, match="classifier: w: shape 3x3"):
        ncverify.metrics(feats, labels, classes=2, classifier=np.ones((3, 3)))


def test_unequal_classes_match_numpy():
    rng = np.random.default_rng(11)
    k, d = 3, 5
    labels = rng.permutation(np.array([0] * 4 + [1] * 7 + [2] * 5))
    features = 2 * rng.standard_normal((k, d))[labels] + rng.standard_normal((len(labels), d))
    m = ncverify.metrics(features, labels)
    assert m["class_counts"] == [4, 7, 5]
    assert m["nc1"] == pytest.approx(numpy_nc1(features, labels, k), rel=1e-10)
    cm, cx = numpy_cdnv(features, labels, k)
    assert m["cdnv_mean"] == pytest.approx(cm, rel=1e-10)
    assert m["cdnv_max"] == pytest.approx(cx, rel=1e-10)


def test_metrics_files_streams_the_same_numbers(tmp_path):
    rng = np.random.default_rng(5)
    k, n, d = 4, 50, 6
    labels = rng.permutation(np.repeat(np.arange(k), n))
    features = 3 * rng.standard_normal((k, d))[labels] + rng.standard_normal((k * n, d))
    w = rng.standard_normal((k, d))
    np.save(tmp_path / "f.npy", features.astype(np.float32))
    np.save(tmp_path / "y.npy", labels)
    np.save(tmp_path / "w.npy", w)
    mem = ncverify.metrics(features.astype(np.float32), labels, classifier=w, layers=[features])
    streamed = ncverify.metrics_files(tmp_path / "f.npy", tmp_path / "y.npy", weights=tmp_path / "w.npy",
                                      layers=[tmp_path / "f.npy"], chunk_rows=7)
    for key in ("nc1", "trace_ratio", "nc2_etf_distance", "nc3", "nc4", "cdnv_mean", "ncc_error"):
        assert streamed[key] == pytest.approx(mem[key], rel=1e-9, abs=1e-15), key
    assert streamed["effective_depth"] == mem["effective_depth"]
    with pytest.raises(ncverify.InputError, match="missing.npy"):
        ncverify.metrics_files(tmp_path / "missing.npy", tmp_path / "y.npy")
    (tmp_path / "bad.npy").write_bytes(b"\x93NUMPY garbage")
    with pytest.raises(ncverify.ShapeError, match="bad.npy"):
        ncverify.metrics_files(tmp_path / "bad.npy", tmp_path / "y.npy")
