"""Type stubs of the compiled module ``ncverify._ncverify`` (re-exported by ``ncverify``)."""

import os
from fractions import Fraction
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

__version__: str

Rational = Union[str, int, Fraction]
"""An exact positive rational: ``"1/1000"``, ``"0.001"``, ``"1e-3"``, an int or a Fraction.
A float is refused (it is not the number typed)."""

FloatArray = npt.NDArray[Union[np.float64, np.float32]]
IntArray = npt.NDArray[np.integer[Any]]

class NcverifyError(Exception):
    """Base class of every error ncverify raises."""

class ParameterError(NcverifyError):
    """A bad argument (out of its domain, of the wrong type, above a resource limit)."""

class ShapeError(ParameterError):
    """An array of the wrong shape or dtype, or with a NaN or infinite entry."""

class CertificateError(NcverifyError):
    """The kernel rejected a certificate; the message is its located reason."""

class InputError(NcverifyError):
    """A file that cannot be read (missing, too large, not UTF-8)."""

class InternalError(NcverifyError):
    """A bug in ncverify (a Rust panic caught at the boundary)."""

def family_loss(
    family: str,
    classes: int,
    layers: int,
    lambda_w: Rational,
    lambda_h: Rational,
    samples: int = 1,
) -> Dict[str, Any]:
    """Optimal loss of a family of the MSE deep UFM with ReLU (as ``ncverify mse``).

    ``family`` is ``"dnc"``, ``"srg"`` (B-chain on T(r), K = r(r-1)/2), ``"srg-block"`` (one
    T(4) block beside DNC on K-6 classes) or ``"srg-best"``. Keys: ``family``, ``classes``,
    ``layers``, ``samples``, ``loss``, ``scale``, ``cost_constant``,
    ``loss_per_block_scales``, ``blocks``, ``dnc_optimum_is_zero`` (exact). Floats: display.
    """

def dnc_optimum_is_zero(
    classes: int, layers: int, lambda_w: Rational, lambda_h: Rational, samples: int = 1
) -> bool:
    """Whether DNC's optimal loss is attained at zero (exact threshold, decided exactly)."""

def compare(
    first: str,
    second: str,
    classes: int,
    layers: int,
    lambda_w: Rational,
    lambda_h: Rational,
    samples: int = 1,
) -> Dict[str, Any]:
    """Exact order of two families' optimal losses, decided by the kernel.

    Keys: ``ordering`` (``"<"``, ``"="``, ``">"`` or ``"undecided"``), ``reason`` (why
    undecided, else None), ``first_enclosure`` and ``second_enclosure`` (``(lo, hi)``
    Fractions containing each loss), ``first_f64``, ``second_f64``, ``fact`` (the kernel's
    statement), ``first``, ``second`` (family names).
    """

def certify(
    classes: int,
    layers: int,
    lambda_w: Rational,
    lambda_h: Rational,
    samples: int = 1,
    restarts: int = 12,
    seed: int = 1,
    claim: str = "mse.dnc_not_optimal",
) -> Dict[str, Any]:
    """Search for a point beating every DNC point and certify it (as ``ncverify certify mse``).

    Keys: ``verdict`` (``"dnc_not_optimal"`` or ``"undecided"``), ``certificate`` (TOML text,
    kernel-verified, or None), ``upper``, ``lower`` (Fractions or None), ``fact``, ``family``,
    ``best_loss``, ``dnc_loss``, ``ratio``.
    """

def verify(text: str) -> Dict[str, Any]:
    """Verify a certificate's TOML text with the kernel only.

    Returns ``valid`` (True), ``claim``, ``label`` (``"listed"`` if the label is a registered
    claim listing this point, else ``"unlisted"``), ``classes``, ``layers``, ``samples``,
    ``lambda_w``, ``lambda_h``, ``upper``, ``lower`` (Fractions) and ``fact``. Raises
    ``CertificateError`` with the first failing clause otherwise.
    """

def verify_file(path: Union[str, os.PathLike[str]]) -> Dict[str, Any]:
    """As ``verify``, reading the file (at most 4 MiB); adds ``file``. ``InputError`` if the
    file cannot be read, ``CertificateError`` (prefixed with the path) if it is rejected."""

def metrics(
    features: FloatArray,
    labels: IntArray,
    classes: Optional[int] = None,
    classifier: Optional[FloatArray] = None,
    layers: Optional[Sequence[FloatArray]] = None,
    pinv_rel_tol: float = 1e-10,
    ncc_epsilon: float = 0.01,
) -> Dict[str, Any]:
    """Neural-collapse metrics of ``features`` (``N x d``, one row per sample) with integer
    ``labels`` (``N``) in ``0..classes``; classes may have different sizes, none empty.
    ``classes`` defaults to the classifier's rows, else ``max(labels) + 1``.

    ``classifier`` is ``K x d`` (for NC3, NC4); ``layers`` are the features of every layer
    (each ``N x d_l``) for the effective depth (the least layer with NCC error at most
    ``ncc_epsilon``). The code of ``ncverify metrics``, in memory. Keys: ``classes``,
    ``samples``, ``dim``, ``class_counts``, ``nc1``, ``trace_ratio``, ``nc2_equinorm``,
    ``nc2_equiangularity``, ``nc2_etf_distance``, ``nc3``, ``nc4`` (None without a
    classifier), ``cdnv_mean``, ``cdnv_max``, ``ncc_accuracy``, ``ncc_error``, ``layers``
    (per layer: ``dim``, ``nc1``, ``ncc_error``), ``effective_depth``, ``epsilon``. A DUFM's
    features ``H`` (``d x N``) are passed as ``H.T``.
    """

def metrics_files(
    features: Union[str, os.PathLike[str]],
    labels: Union[str, os.PathLike[str]],
    weights: Optional[Union[str, os.PathLike[str]]] = None,
    layers: Sequence[Union[str, os.PathLike[str]]] = (),
    pinv_rel_tol: float = 1e-10,
    ncc_epsilon: float = 0.01,
    chunk_rows: int = 8192,
    max_mib: int = 1024,
) -> Dict[str, Any]:
    """As ``metrics``, streamed from files in two passes (``N`` beyond memory): ``features``
    a ``.npy`` ``(N, d)`` float32/float64 in C order, ``labels`` a file with one integer
    tensor, ``weights`` a file with the ``K x d`` classifier, ``layers`` ``.npy`` files.
    ``max_mib`` caps what is read into memory (labels, weights). Adds ``features`` (the
    path) and ``file`` per layer. ``InputError`` for an unreadable file, ``ShapeError`` for
    invalid contents (both name the file and tensor)."""

def certify_point(
    point: Union[Mapping[str, npt.NDArray[Any]], str, os.PathLike[str]],
    lambda_w: Rational,
    lambda_h: Rational,
    polish_steps: int = 0,
    bits: Sequence[int] = (8, 12, 16, 24, 32),
    claim: str = "mse.dnc_not_optimal",
    max_mib: int = 1024,
) -> Dict[str, Any]:
    """Certify that a trained point of the MSE deep UFM beats every DNC point (as
    ``ncverify certify-point``).

    ``point`` is a dict of NumPy arrays or the path of a ``.npz``/safetensors file with the
    tensors ``H1`` (``d x N``), ``W1``..``WL`` (``WL`` is ``K x d``) and optionally
    ``labels`` (``N`` integers; else columns are class-major). The point is polished by
    ``polish_steps`` untrusted L-BFGS steps, rounded to each precision in ``bits``, its exact
    loss computed, and the first certificate the kernel verifies is returned.

    Keys: ``verdict`` (``"dnc_not_optimal"``, ``"not_better_than_dnc"`` or ``"undecided"``),
    ``certificate`` (TOML text or None), ``upper``, ``lower``, ``fact`` (None without a
    certificate), ``classes``, ``layers``, ``samples``, ``width``, ``point_loss``,
    ``polished_loss``, ``dnc_loss``, ``dnc_lower``, ``dnc_upper`` (Fractions enclosing
    l_DNC), ``best_exact_loss``, ``attempts`` (per precision: ``bits``, ``exact_loss``,
    ``loss``, ``result``).
    """

def dufm_loss(
    params: Mapping[str, FloatArray],
    classes: int,
    lambda_w: float,
    lambda_h: float,
    loss: str = "mse",
    activation: str = "relu",
) -> Dict[str, float]:
    """The deep-UFM objective at ``params`` (``{"H1": d x N, "W1": d x d, ..., "WL": K x d}``,
    columns class-major) in f64: fit ``1/(2N)||Z - Y||^2``, reg ``lambda_W/2 sum ||W_l||^2 +
    lambda_H/2 ||H_1||^2``, no activation after the last layer. Keys ``fit``, ``reg``,
    ``total``."""

def train(
    classes: int = 10,
    layers: int = 4,
    width: int = 30,
    samples: int = 1,
    lambda_w: float = 0.004,
    lambda_h: Optional[float] = None,
    lr: float = 0.5,
    steps: int = 10000,
    init_scale: float = 0.3,
    seed: int = 0,
    loss: str = "mse",
    activation: str = "relu",
    params: Optional[Mapping[str, FloatArray]] = None,
    trace_every: Optional[int] = None,
) -> Dict[str, Any]:
    """Full-batch gradient descent on the deep UFM (f64), from a seeded Gaussian start
    (entries N(0,1) * init_scale) or from ``params`` (then ``layers``, ``width``, ``samples``
    come from its shapes). ``lambda_h`` defaults to ``lambda_w``.

    Keys: ``params`` (dict of arrays as ``dufm_loss`` takes), ``features`` (list of ``H_1..H_L``,
    each ``d x N``), ``output`` (``K x N``), ``loss_trace`` (rows ``[step, total, fit, reg]``,
    the objective before that step; the last row is after the final step), ``final_loss``,
    ``fit``, ``reg``, ``diverged``, ``steps``.
    """
