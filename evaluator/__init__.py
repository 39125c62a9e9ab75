"""Evaluate how a report presents statistics about groups of people. Pure core: no UI imports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("report-evaluator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
