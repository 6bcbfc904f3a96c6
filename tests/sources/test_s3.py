"""Object storage through fsspec/s3fs against moto's real S3 server on loopback."""

import uuid
from pathlib import Path

import pytest

from scanner.sources import SourceError, SourceFile, SourceReadError, iter_source, open_source_file


@pytest.fixture(autouse=True)
def _dummy_aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a developer's real AWS profile or endpoint leak into these tests."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "PIIMAP_S3_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture()
def bucket(s3_server) -> str:
    name = f"piimap-{uuid.uuid4().hex[:12]}"
    client = s3_server.client()
    client.create_bucket(Bucket=name)
    objects = {
        "exports/users.csv": b"name,nric\nTan,S1234567D\n",
        "exports/2024/app.log": b"login ok\n" * 1000,
        "exports/readme.txt": b"hello",
        "exports/skip.tmp": b"tmp",
        "other/outside.txt": b"not under the prefix",
    }
    for key, body in objects.items():
        client.put_object(Bucket=name, Key=key, Body=body)
    client.put_object(Bucket=name, Key="exports/empty-folder/", Body=b"")  # console "folder"
    return name


def test_lists_objects_below_the_prefix_sorted(s3_server, bucket: str) -> None:
    source = f"s3://{bucket}/exports"
    items = list(iter_source(source, storage_options=s3_server.storage_options))
    assert all(isinstance(i, SourceFile) for i in items), items
    assert [i.path for i in items] == ["2024/app.log", "readme.txt", "skip.tmp", "users.csv"]
    users = items[-1]
    head = s3_server.client().head_object(Bucket=bucket, Key="exports/users.csv")
    assert users.uri == f"s3://{bucket}/exports/users.csv"
    assert users.size == len(b"name,nric\nTan,S1234567D\n")
    assert users.etag == head["ETag"].strip('"')
    assert users.mtime == pytest.approx(head["LastModified"].timestamp())
    assert users.source == source


def test_globs_apply_to_the_key_below_the_prefix(s3_server, bucket: str) -> None:
    items = iter_source(
        f"s3://{bucket}/exports/",
        include=["*.log", "*.csv", "*.tmp"],
        exclude=["*.tmp"],
        storage_options=s3_server.storage_options,
    )
    assert [i.path for i in items] == ["2024/app.log", "users.csv"]


def test_open_streams_object_bytes(s3_server, bucket: str) -> None:
    items = {
        i.path: i
        for i in iter_source(f"s3://{bucket}/exports", storage_options=s3_server.storage_options)
    }
    with open_source_file(items["2024/app.log"]) as handle:
        assert handle.read(9) == b"login ok\n"
        handle.seek(-9, 2)
        assert handle.read() == b"login ok\n"
    with open_source_file(items["users.csv"]) as handle:
        assert handle.read() == b"name,nric\nTan,S1234567D\n"


def test_single_object_url(s3_server, bucket: str) -> None:
    items = list(
        iter_source(f"s3://{bucket}/exports/users.csv", storage_options=s3_server.storage_options)
    )
    assert [i.path for i in items] == ["users.csv"]


def test_endpoint_from_environment(s3_server, bucket: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIIMAP_S3_ENDPOINT_URL", s3_server.endpoint_url)
    options = {"key": "testing", "secret": "testing"}  # no endpoint given by the caller
    items = list(iter_source(f"s3://{bucket}/exports", storage_options=options))
    assert [i.path for i in items if isinstance(i, SourceFile)][-1] == "users.csv"
    assert items[0].storage_options["client_kwargs"]["endpoint_url"] == s3_server.endpoint_url


def test_object_deleted_after_listing(s3_server, bucket: str) -> None:
    items = {
        i.path: i
        for i in iter_source(f"s3://{bucket}/exports", storage_options=s3_server.storage_options)
    }
    s3_server.client().delete_object(Bucket=bucket, Key="exports/readme.txt")
    with pytest.raises(SourceReadError, match="file vanished before it was read"):
        open_source_file(items["readme.txt"]).read()


def test_listing_sees_new_objects(s3_server, bucket: str) -> None:
    source = f"s3://{bucket}/exports"
    before = [i.path for i in iter_source(source, storage_options=s3_server.storage_options)]
    s3_server.client().put_object(Bucket=bucket, Key="exports/new.txt", Body=b"new")
    after = [i.path for i in iter_source(source, storage_options=s3_server.storage_options)]
    assert set(after) - set(before) == {"new.txt"}


def test_missing_bucket_is_a_source_error(s3_server) -> None:
    items = list(
        iter_source("s3://no-such-bucket-piimap/x", storage_options=s3_server.storage_options)
    )
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert items[0].path == ""
    assert items[0].reason.startswith("cannot list the source")


def test_missing_driver_names_the_package() -> None:
    try:
        import gcsfs  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("gcsfs is installed here")
    [item] = list(iter_source("gs://bucket/prefix"))
    assert isinstance(item, SourceError)
    assert "pip install gcsfs" in item.reason
    [unknown] = list(iter_source("nosuchproto://bucket/prefix"))
    assert "unknown storage protocol" in unknown.reason


def test_file_url_goes_through_fsspec(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(b"alpha")
    (tmp_path / "b.txt").write_bytes(b"beta")
    items = list(iter_source(tmp_path.as_uri()))
    assert [i.path for i in items] == ["b.txt", "sub/a.txt"]
    assert items[1].uri.startswith("file://")
    with open_source_file(items[1]) as handle:
        assert handle.read() == b"alpha"
