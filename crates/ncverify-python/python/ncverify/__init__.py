"""ncverify from Python: machine-checked claims of neural-collapse theory.

Exact results come from ncverify's trusted kernel (exact rationals, returned as
``fractions.Fraction``); floats are for display only and never decide a verdict.

Functions
---------
family_loss, dnc_optimum_is_zero, compare
    The MSE deep unconstrained-features model (ReLU) and its families.
certify, certify_point, verify, verify_file
    Search for (or, from a trained point's NumPy arrays or file, build) a certificate that
    a point beats every DNC point; check one with the kernel.
metrics, metrics_files
    Neural-collapse metrics (NC1-NC4, CDNV, NCC, effective depth) of features ``N x d``
    with labels, in memory or streamed from ``.npy`` files.
train, dufm_loss
    The f64 gradient-descent trainer of the deep UFM and its objective.

Exceptions
----------
NcverifyError
    Base class; ``ParameterError`` (bad argument), ``ShapeError`` (a ``ParameterError``:
    bad array), ``CertificateError`` (kernel rejection, located), ``InputError`` (a file
    that cannot be read), ``InternalError`` (a bug).
"""

from ._ncverify import (
    CertificateError,
    InputError,
    InternalError,
    NcverifyError,
    ParameterError,
    ShapeError,
    __version__,
    certify,
    certify_point,
    compare,
    dnc_optimum_is_zero,
    dufm_loss,
    family_loss,
    metrics,
    metrics_files,
    train,
    verify,
    verify_file,
)

__all__ = [
    "CertificateError",
    "InputError",
    "InternalError",
    "NcverifyError",
    "ParameterError",
    "ShapeError",
    "__version__",
    "certify",
    "certify_point",
    "compare",
    "dnc_optimum_is_zero",
    "dufm_loss",
    "family_loss",
    "metrics",
    "metrics_files",
    "train",
    "verify",
    "verify_file",
]
