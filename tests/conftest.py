"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import settings

# CI runs the property tests reproducibly: the same examples every run, nothing remembered
# between runs. Random search for new failures is `make fuzz`'s job (and local runs').
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
    settings.load_profile("ci")

# Dummy credentials: the moto server accepts anything, and explicit keys stop botocore from
# looking for real ones (profiles, instance metadata) on the machine running the tests.
S3_TEST_CREDENTIALS = {"key": "testing", "secret": "testing"}
S3_TEST_REGION = "us-east-1"


@dataclass(frozen=True)
class S3Server:
    """A moto S3 server on loopback: point boto3 or s3fs at ``endpoint_url``."""

    endpoint_url: str

    @property
    def storage_options(self) -> dict[str, Any]:
        """fsspec/s3fs options that reach this server (a fresh dict each time)."""
        return {
            **S3_TEST_CREDENTIALS,
            "client_kwargs": {"endpoint_url": self.endpoint_url, "region_name": S3_TEST_REGION},
        }

    def client(self) -> Any:
        """A boto3 S3 client for arranging buckets and objects."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=S3_TEST_REGION,
            aws_access_key_id=S3_TEST_CREDENTIALS["key"],
            aws_secret_access_key=S3_TEST_CREDENTIALS["secret"],
        )


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """A real S3-compatible HTTP server (moto's server mode) on 127.0.0.1 for this test session."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Server(endpoint_url=f"http://{host}:{port}")
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _isolated_hash_key(monkeypatch, tmp_path_factory):
    """Every test hashes with a throwaway key and never touches ~/.config/piimap."""
    monkeypatch.setenv("PIIMAP_HASH_KEY", "7a8cd726d58703af87e970fe4b0b53d3c7a63e26aa3347a9")
    monkeypatch.setenv("PIIMAP_KEY_FILE", str(tmp_path_factory.mktemp("key") / "hash.key"))
    from scanner.protect.reveal import CI_VARIABLES

    for name in CI_VARIABLES:  # tests that need CI set it themselves
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def nlp_engine():
    """The NER engine piimap runs (the configured spaCy model, trimmed offline), loaded once."""
    from recognizers import DEFAULT_NLP_MODEL, build_nlp_engine

    return build_nlp_engine(DEFAULT_NLP_MODEL)


@pytest.fixture(scope="session")
def blank_nlp_engine():
    """The tokenizer-only engine of the logs path (no NER), loaded once."""
    from recognizers import build_nlp_engine

    return build_nlp_engine(None)


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    """No PIIMAP_HASH_KEY: the hash key lives in this file under tmp_path (not created yet)."""
    monkeypatch.delenv("PIIMAP_HASH_KEY", raising=False)
    path = tmp_path / "cfg" / "hash.key"
    monkeypatch.setenv("PIIMAP_KEY_FILE", str(path))
    return path


@pytest.fixture
def log_dir(tmp_path):
    """A folder with one log line holding an NRIC and an e-mail (tests/fixtures/corpus.py)."""
    from tests.fixtures.corpus import write_log_dir

    return write_log_dir(tmp_path / "logs")
