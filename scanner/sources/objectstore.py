"""List and open objects behind any fsspec URL (``s3://``, ``gs://``, ``az://``, ``file://``)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, BinaryIO

import fsspec
from fsspec.registry import known_implementations

from scanner.sources.base import SourceAccessError, SourceError, SourceFile, SourceReadError
from scanner.sources.pathmatch import path_selected

_DRIVER_PACKAGES = {
    "s3": "s3fs",
    "s3a": "s3fs",
    "gs": "gcsfs",
    "gcs": "gcsfs",
    "az": "adlfs",
    "abfs": "adlfs",
    "abfss": "adlfs",
    "adl": "adlfs",
}
_ENDPOINT_ENV = ("PIIMAP_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL")
_MTIME_KEYS = ("mtime", "LastModified", "last_modified", "updated", "modified", "created")
_ETAG_KEYS = ("ETag", "etag", "md5Hash")
# Throttling (503 SlowDown) and 5xx are retried with exponential backoff and jitter by botocore;
# "standard" mode also retries transient connection errors. A caller's config_kwargs win.
S3_RETRIES = {"max_attempts": 5, "mode": "standard"}
# Errors that mean "these credentials cannot do this": retrying or going on cannot help.
_CREDENTIAL_ERRORS = frozenset(
    {
        "NoCredentialsError",
        "PartialCredentialsError",
        "CredentialRetrievalError",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidToken",
        "AccessDenied",
    }
)


def protocol_of(url: str) -> str:
    return url.split("://", 1)[0].lower()


def effective_storage_options(url: str, storage_options: dict[str, Any] | None) -> dict[str, Any]:
    """The options passed to fsspec: the caller's, plus an S3 endpoint taken from the environment.

    ``PIIMAP_S3_ENDPOINT_URL`` wins over ``AWS_ENDPOINT_URL``; an endpoint the caller gave wins
    over both (for MinIO, Ceph, or a local test server).
    """
    options = dict(storage_options or {})
    if protocol_of(url) not in ("s3", "s3a"):
        return options
    config_kwargs = dict(options.get("config_kwargs") or {})
    config_kwargs.setdefault("retries", dict(S3_RETRIES))
    options["config_kwargs"] = config_kwargs
    client_kwargs = dict(options.get("client_kwargs") or {})
    if "endpoint_url" in options or "endpoint_url" in client_kwargs:
        return options
    for name in _ENDPOINT_ENV:
        endpoint = os.environ.get(name)
        if endpoint:
            client_kwargs["endpoint_url"] = endpoint
            options["client_kwargs"] = client_kwargs
            break
    return options


def missing_driver_reason(url: str) -> str | None:
    """Why fsspec cannot handle ``url`` (which package to install), or None when it can."""
    protocol = protocol_of(url)
    try:
        fsspec.get_filesystem_class(protocol)
    except ImportError as exc:
        package = _DRIVER_PACKAGES.get(protocol)
        if package is None:
            impl = known_implementations.get(protocol, {})
            package = str(impl.get("class", "")).split(".", 1)[0] or "the fsspec driver"
        return f"no driver for {protocol}:// URLs ({exc}); install it with: pip install {package}"
    except ValueError:
        return f"unknown storage protocol {protocol}:// (no fsspec implementation)"
    return None


def _mtime(info: dict[str, Any]) -> float | None:
    for key in _MTIME_KEYS:
        value = info.get(key)
        if value is None:
            continue
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
            except ValueError:
                continue
    return None


def _etag(info: dict[str, Any]) -> str | None:
    for key in _ETAG_KEYS:
        value = info.get(key)
        if value:
            return str(value).strip('"')
    return None


def is_credentials_error(exc: BaseException) -> bool:
    """True for missing, invalid or insufficient credentials anywhere in the exception chain."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, PermissionError) or type(current).__name__ in _CREDENTIAL_ERRORS:
            return True
        response = getattr(current, "response", None)  # botocore ClientError
        code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
        if code in _CREDENTIAL_ERRORS:
            return True
        current = current.__cause__ or current.__context__
    return False


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def iter_objectstore(
    source: str,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    storage_options: dict[str, Any] | None = None,
) -> Iterator[SourceFile | SourceError]:
    """Yield the objects below the URL prefix, sorted by key; ``path`` is the key below the prefix.

    Listing problems (missing driver, bucket, credentials) are yielded as one SourceError with
    ``path=""`` rather than raised, so a run over several sources records them and goes on.
    """
    reason = missing_driver_reason(source)
    if reason:
        yield SourceError(source, "", reason)
        return
    options = effective_storage_options(source, storage_options)
    try:
        fs, prefix = fsspec.core.url_to_fs(source, **options)
        fs.invalidate_cache()  # a long-lived process must not scan a stale listing
        listing = fs.find(prefix, detail=True)
    except Exception as exc:  # any driver error becomes the recorded reason
        if is_credentials_error(exc):
            raise SourceAccessError(
                f"{source}: S3 access denied / invalid credentials: {_short(exc)}; "
                "check AWS_PROFILE / keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and the "
                "bucket policy"
            ) from exc
        yield SourceError(source, "", f"cannot list the source: {type(exc).__name__}: {exc}")
        return
    prefix = prefix.rstrip("/")
    for key in sorted(listing):
        info = listing[key]
        if info.get("type") == "directory" or key.endswith("/"):
            continue
        if key == prefix:
            rel = key.rsplit("/", 1)[-1]  # the URL named a single object
        elif prefix and key.startswith(prefix + "/"):
            rel = key[len(prefix) + 1 :]
        else:
            rel = key.lstrip("/")
        if not path_selected(rel, include, exclude):
            continue
        yield SourceFile(
            source=source,
            path=rel,
            uri=fs.unstrip_protocol(key),
            size=int(info.get("size") or 0),
            mtime=_mtime(info),
            etag=_etag(info),
            storage_options=options,
        )


def open_objectstore_file(uri: str, storage_options: dict[str, Any]) -> BinaryIO:
    """Open an object for streaming reads (fsspec's block cache; never the whole object at once)."""
    try:
        fs, path = fsspec.core.url_to_fs(uri, **storage_options)
        # Drop any cached listing so opening checks the object still exists (one HEAD request).
        fs.invalidate_cache(path)
        stream: BinaryIO = fs.open(path, "rb")
        return stream
    except FileNotFoundError as exc:
        raise SourceReadError("file vanished before it was read") from exc
    except PermissionError as exc:
        raise SourceReadError("permission denied") from exc
    except Exception as exc:  # recorded as the file's error reason
        raise SourceReadError(f"cannot open: {type(exc).__name__}: {exc}") from exc
