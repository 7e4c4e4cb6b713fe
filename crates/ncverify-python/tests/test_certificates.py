"""verify / verify_file on committed certificates, tampered ones, and certify's round trip."""

from fractions import Fraction

import pytest

import ncverify

CERT = "proofs/certificates/k10_l3_n1_lw1-1000_lh1-1000.toml"


def test_verify_committed_certificate(repo):
    path = repo / CERT
    r = ncverify.verify_file(path)
    assert r["valid"] is True
    assert r["claim"] == "mse.dnc_not_optimal_k10_l3"
    assert r["label"] == "listed"
    assert (r["classes"], r["layers"], r["samples"]) == (10, 3, 1)
    assert r["lambda_w"] == Fraction(1, 1000) and r["lambda_h"] == Fraction(1, 1000)
    assert r["upper"] == Fraction("57264410497662419/2882303761517117440")
    assert r["lower"] == Fraction("199497474467/10000000000000")
    assert r["upper"] < r["lower"]
    assert "certificate verified at K = 10, L = 3" in r["fact"]
    # the same text through verify()
    assert ncverify.verify(path.read_text())["upper"] == r["upper"]
    # str paths work too
    assert ncverify.verify_file(str(path))["file"] == str(path)


def test_tampered_witness_is_rejected(repo):
    text = (repo / CERT).read_text()
    bad = text.replace('"-179/256"', '"-178/256"', 1)
    assert bad != text
    with pytest.raises(ncverify.CertificateError) as e:
        ncverify.verify(bad)
    assert "upper" in str(e.value)


def test_tampered_bound_is_rejected(repo, tmp_path):
    text = (repo / CERT).read_text()
    bad = text.replace('lower = "199497474467/10000000000000"', 'lower = "1/100"')
    assert bad != text
    p = tmp_path / "bad.toml"
    p.write_text(bad)
    with pytest.raises(ncverify.CertificateError) as e:
        ncverify.verify_file(p)
    assert str(p) in str(e.value)


def test_garbage_and_missing_files(tmp_path):
    with pytest.raises(ncverify.CertificateError):
        ncverify.verify("this is not toml [[[")
    with pytest.raises(ncverify.InputError) as e:
        ncverify.verify_file(tmp_path / "missing.toml")
    assert "missing.toml" in str(e.value)
    with pytest.raises(ncverify.CertificateError):
        ncverify.verify("x" * (5 << 20))
    with pytest.raises(ncverify.ParameterError):
        ncverify.verify(42)


def test_certify_round_trip_k6_l4():
    r = ncverify.certify(6, 4, "1/1000", "1/1000", restarts=2)
    assert r["verdict"] == "dnc_not_optimal"
    assert r["best_loss"] < r["dnc_loss"]
    assert r["upper"] < r["lower"]
    v = ncverify.verify(r["certificate"])
    assert v["upper"] == r["upper"] and v["lower"] == r["lower"]
    assert v["label"] == "unlisted"  # the default label is not a registered point


def test_certify_bad_arguments():
    with pytest.raises(ncverify.ParameterError, match="restarts"):
        ncverify.certify(6, 4, "1/1000", "1/1000", restarts=0)
    with pytest.raises(ncverify.ParameterError, match="classes"):
        ncverify.certify(65, 4, "1/1000", "1/1000")
    with pytest.raises(ncverify.ParameterError, match="samples"):
        ncverify.certify(6, 4, "1/1000", "1/1000", samples=5000)
