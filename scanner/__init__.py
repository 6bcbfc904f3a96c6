"""piimap: find personal data in storage and map it to a privacy policy."""

__version__ = "0.1.0"
