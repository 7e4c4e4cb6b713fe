"""certify_point from NumPy arrays and from .npz / safetensors files."""

from fractions import Fraction

import numpy as np
import pytest

import ncverify

LAM = "0.004"


@pytest.fixture(scope="module")
def trained():
    """A K = 10, L = 4, d = 30 point trained by ncverify's trainer (the setting of the claim
    mse.gd_finds_below_dnc), below l_DNC."""
    r = ncverify.train(classes=10, layers=4, width=30, lambda_w=0.004, steps=10_000, seed=2)
    dnc = ncverify.family_loss("dnc", 10, 4, LAM, LAM)["loss"]
    assert r["final_loss"] < dnc
    return r["params"]


def test_certify_point_from_arrays(trained):
    c = ncverify.certify_point(trained, LAM, LAM)
    assert c["verdict"] == "dnc_not_optimal"
    assert (c["classes"], c["layers"], c["samples"], c["width"]) == (10, 4, 1, 30)
    assert c["upper"] < c["lower"] <= c["dnc_lower"] < c["dnc_upper"] or c["lower"] == c["dnc_lower"]
    assert c["dnc_lower"] <= Fraction(c["dnc_loss"]) <= c["dnc_upper"]
    assert c["attempts"][-1]["result"] == "verified"
    v = ncverify.verify(c["certificate"])
    assert v["upper"] == c["upper"] and v["lower"] == c["lower"]
    assert (v["classes"], v["layers"]) == (10, 4)
    assert v["lambda_w"] == Fraction(1, 250)


def test_certify_point_from_files_and_labels(trained, tmp_path):
    # shuffle the columns and give the labels: the same point
    perm = np.random.default_rng(0).permutation(10)
    shuffled = dict(trained)
    shuffled["H1"] = trained["H1"][:, perm]
    shuffled["labels"] = perm.astype(np.int32)
    np.savez(tmp_path / "p.npz", **shuffled)
    c = ncverify.certify_point(tmp_path / "p.npz", LAM, "1/250")
    assert c["verdict"] == "dnc_not_optimal"
    st = pytest.importorskip("safetensors.numpy")
    st.save_file({k: np.ascontiguousarray(v.astype(np.float32)) for k, v in trained.items()},
                 str(tmp_path / "p.safetensors"))
    c32 = ncverify.certify_point(str(tmp_path / "p.safetensors"), LAM, LAM)
    assert c32["verdict"] == "dnc_not_optimal"


def test_a_point_above_dnc_is_not_certified():
    r = ncverify.train(classes=4, layers=4, width=6, lambda_w=0.004, steps=0, init_scale=0.01, seed=1)
    c = ncverify.certify_point(r["params"], LAM, LAM, bits=[8])
    assert c["verdict"] in ("not_better_than_dnc", "undecided")
    assert c["certificate"] is None and c["upper"] is None
    assert c["attempts"][0]["result"] == "not_below_lower"
    assert c["best_exact_loss"] >= c["dnc_lower"]


def test_certify_point_bad_input(trained, tmp_path):
    missing = {k: v for k, v in trained.items() if k != "W2"}
    with pytest.raises(ncverify.ShapeError, match="W2"):
        ncverify.certify_point(missing, LAM, LAM)
    nan = dict(trained)
    nan["W3"] = trained["W3"].copy()
    nan["W3"][0, 0] = np.nan
    with pytest.raises(ncverify.ShapeError, match="W3"):
        ncverify.certify_point(nan, LAM, LAM)
    chain = dict(trained)
    chain["W2"] = trained["W2"][:, :5]
    with pytest.raises(ncverify.ShapeError, match="W2"):
        ncverify.certify_point(chain, LAM, LAM)
    with pytest.raises(ncverify.ShapeError, match="labels"):
        ncverify.certify_point({**trained, "labels": np.arange(10) + 5}, LAM, LAM)
    with pytest.raises(ncverify.ShapeError, match="Wx"):
        ncverify.certify_point({**trained, "Wx": trained["W1"]}, LAM, LAM)
    with pytest.raises(ncverify.ParameterError, match="lambda_w"):
        ncverify.certify_point(trained, 0.004, LAM)
    with pytest.raises(ncverify.ParameterError, match="bits"):
        ncverify.certify_point(trained, LAM, LAM, bits=[0])
    with pytest.raises(ncverify.InputError, match="nope.npz"):
        ncverify.certify_point(tmp_path / "nope.npz", LAM, LAM)
    (tmp_path / "trunc.npz").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ncverify.ShapeError, match="trunc.npz"):
        ncverify.certify_point(tmp_path / "trunc.npz", LAM, LAM)
    with pytest.raises(ncverify.ParameterError, match="point"):
        ncverify.certify_point(42, LAM, LAM)
