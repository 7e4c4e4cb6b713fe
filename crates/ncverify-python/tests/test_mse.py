"""Family losses and exact comparisons against the numbers of docs/theory.md §3.4."""

from fractions import Fraction

import pytest

import ncverify

LAM = "1/1000"


def test_reference_numbers_k6_l4():
    # docs/theory.md §3.4: r = 4 (K = 6), L = 4, lambda = 1e-3, n = 1.
    srg = ncverify.family_loss("srg", 6, 4, LAM, LAM)
    dnc = ncverify.family_loss("dnc", 6, 4, LAM, LAM)
    assert srg["loss"] == pytest.approx(0.0146335478, abs=1e-9)
    assert dnc["loss"] == pytest.approx(0.0149819348, abs=1e-9)
    assert srg["loss"] < dnc["loss"]
    assert dnc["cost_constant"] == pytest.approx(6.0, rel=1e-12)  # C_DNC = K
    assert dnc["dnc_optimum_is_zero"] is False


def test_rational_argument_forms_agree():
    a = ncverify.family_loss("srg-block", 10, 4, "0.001", Fraction(1, 1000))
    b = ncverify.family_loss("srg_block", 10, 4, "1e-3", "1/1000", samples=1)
    assert a["loss"] == b["loss"]
    assert a["family"] == b["family"]
    assert sum(blk_classes(x) for x in a["blocks"]) == 10


def blk_classes(block):
    """Classes covered by one serialised block (a T(r) block covers r(r-1)/2)."""
    if block["kind"] == "dnc":
        return block["classes"]
    assert block["kind"] == "triangular"
    return block["r"] * (block["r"] - 1) // 2


def test_zero_threshold_exact():
    assert ncverify.dnc_optimum_is_zero(6, 4, "1/2", "1/2")
    assert ncverify.family_loss("dnc", 6, 4, "1/2", "1/2")["loss"] == 0.5
    assert not ncverify.dnc_optimum_is_zero(6, 4, LAM, LAM)


def test_exact_comparison_srg_below_dnc():
    c = ncverify.compare("srg", "dnc", 6, 4, LAM, LAM)
    assert c["ordering"] == "<"
    assert c["reason"] is None
    lo1, hi1 = c["first_enclosure"]
    lo2, hi2 = c["second_enclosure"]
    assert all(isinstance(x, Fraction) for x in (lo1, hi1, lo2, hi2))
    # the enclosures contain the f64 losses and are consistent with the decided order
    assert lo1 <= Fraction(0.0146335478) + Fraction(1, 10**9) and hi1 >= Fraction(0.0146335478) - Fraction(1, 10**9)
    assert lo1 <= hi1 < lo2 <= hi2
    assert float(lo1) <= c["first_f64"] * (1 + 1e-12) and c["first_f64"] <= float(hi1) * (1 + 1e-12)
    assert "<" in c["fact"]
    rev = ncverify.compare("dnc", "srg", 6, 4, LAM, LAM)
    assert rev["ordering"] == ">"
    same = ncverify.compare("dnc", "dnc", 6, 4, LAM, LAM)
    assert same["ordering"] == "="


def test_t4_block_beats_dnc_k10_l4():
    c = ncverify.compare("srg-block", "dnc", 10, 4, LAM, LAM)
    assert c["ordering"] == "<"


@pytest.mark.parametrize(
    "kwargs, word",
    [
        (dict(family="nope", classes=6, layers=4, lambda_w=LAM, lambda_h=LAM), "family"),
        (dict(family="dnc", classes=6, layers=4, lambda_w=0.001, lambda_h=LAM), "lambda_w"),
        (dict(family="dnc", classes=6, layers=4, lambda_w="-1", lambda_h=LAM), "lambda_w"),
        (dict(family="dnc", classes=6, layers=4, lambda_w=LAM, lambda_h="0"), "lambda_h"),
        (dict(family="dnc", classes=6, layers=4, lambda_w=LAM, lambda_h="abc"), "lambda_h"),
        (dict(family="dnc", classes=6, layers=4, lambda_w=LAM, lambda_h=True), "lambda_h"),
        (dict(family="dnc", classes=1, layers=4, lambda_w=LAM, lambda_h=LAM), "classes"),
        (dict(family="srg", classes=7, layers=4, lambda_w=LAM, lambda_h=LAM), "7"),
        (dict(family="dnc", classes=6, layers=4, lambda_w="1" * 500, lambda_h=LAM), "lambda_w"),
    ],
)
def test_bad_parameters_raise_parameter_error(kwargs, word):
    with pytest.raises(ncverify.ParameterError) as e:
        ncverify.family_loss(**kwargs)
    assert word in str(e.value)
    assert isinstance(e.value, ncverify.NcverifyError)


def test_negative_size_is_a_python_error_not_a_panic():
    with pytest.raises(OverflowError):
        ncverify.family_loss("dnc", -6, 4, LAM, LAM)
