"""The package's surface: exports, stubs, docstrings and the exception hierarchy."""

import pathlib
import re

import ncverify

STUB = pathlib.Path(ncverify.__file__).with_name("_ncverify.pyi")


def test_every_export_has_a_stub_and_a_docstring():
    stub = STUB.read_text()
    functions = set(re.findall(r"^def (\w+)\(", stub, re.M))
    classes = set(re.findall(r"^class (\w+)\(", stub, re.M))
    exported = {n for n in ncverify.__all__ if n != "__version__"}
    assert functions | classes == exported
    for name in exported:
        assert getattr(ncverify, name).__doc__, name
    assert pathlib.Path(ncverify.__file__).with_name("py.typed").is_file()


def test_exception_hierarchy():
    assert issubclass(ncverify.ParameterError, ncverify.NcverifyError)
    assert issubclass(ncverify.ShapeError, ncverify.ParameterError)
    for e in (ncverify.CertificateError, ncverify.InputError, ncverify.InternalError):
        assert issubclass(e, ncverify.NcverifyError)
    assert issubclass(ncverify.NcverifyError, Exception)
    assert ncverify.ShapeError.__module__ == "ncverify"


def test_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", ncverify.__version__)
