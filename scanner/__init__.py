"""piimap: find personal data in storage and map it to a privacy policy."""

from importlib.metadata import PackageNotFoundError, version

try:
    # One source: the version in pyproject.toml, as installed in the package metadata.
    __version__ = version("piimap")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
