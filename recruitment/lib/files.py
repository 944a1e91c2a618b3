"""Writing files to a storage so that a failure leaves nothing behind, and telling a full disk from other
errors."""

import errno
import os
import uuid

# Errors that mean "the storage can't take the file now" (full disk, quota, read-only or failing device): the
# person is told to try again later, and the operator is alerted; nothing about the request itself is wrong.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


def is_storage_error(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def save_atomically(storage, name: str, content) -> str:
    """Save ``content`` under ``name`` whole or not at all; return the name.

    On a local file system the bytes go to a temporary name beside the final one, which is renamed into place
    once written (one rename in one directory: a reader never sees half a file); on a failure (a full disk
    mid-write) the temporary file is removed before the error goes on. Remote storages (S3) store an object
    whole or not at all by themselves; whatever a failure may have left under the name is deleted all the
    same.
    """
    try:
        storage.path(name)
    except NotImplementedError:  # not a local file system
        return save_new(storage, name, content)
    temporary = f"{name}.partial-{uuid.uuid4().hex}"
    try:
        temporary = storage.save(temporary, content)
        os.replace(storage.path(temporary), storage.path(name))
    except BaseException:
        _delete_quietly(storage, temporary)
        raise
    return name


def save_new(storage, name: str, content) -> str:
    """Save ``content`` under ``name``, a new random name that nothing refers to until the file is whole (an
    upload's document: its row is written after the file, in the transaction that follows); return the name.
    No reader can meet the file half-written, so it is written in place, without save_atomically's temporary
    name and rename (issue 13: on a local file system they cost an upload about 0.7 ms of CPU, a tenth of what
    it adds to Django's parsing of the body); on a failure (a full disk mid-write) what was written is removed
    before the error goes on, so nothing is left behind either. A name that is or may be read while it is
    written (a receipt's fixed path) goes through save_atomically.

    The name is first the one ``storage.save`` will write (the storage's available name: another when a file
    has it already, unless the storage overwrites), so a failure removes the file this call began, never a
    file that was there before it."""
    name = storage.get_available_name(name)
    try:
        return storage.save(name, content)
    except BaseException:
        _delete_quietly(storage, name)
        raise


def _delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # best effort: the error being raised is the one that matters
        pass


def is_remote(storage) -> bool:
    """An S3-compatible storage (django-storages), whose files browsers fetch by presigned URL."""
    return hasattr(storage, "bucket_name") and hasattr(storage, "url")


def presigned_url(
    storage, name: str, *, seconds: int, content_type: str, disposition: str, public_endpoint: str = ""
) -> str:
    """A URL that lets whoever holds it GET this one object for ``seconds``, with the response headers a
    document needs (type, attachment or inline with its name, never cached). Signed for ``public_endpoint``
    when the bucket is reached by browsers at another address than by the portal (MinIO behind nginx)."""
    if public_endpoint:
        from storages.backends.s3 import S3Storage  # only with S3 configured: it loads boto3

        storage = S3Storage(
            bucket_name=storage.bucket_name,
            endpoint_url=public_endpoint,
            access_key=storage.access_key,
            secret_key=storage.secret_key,
            region_name=storage.region_name,
            signature_version=storage.signature_version,
            addressing_style=storage.addressing_style,
            querystring_auth=True,
        )
    return storage.url(
        name,
        expire=seconds,
        parameters={
            "ResponseContentType": content_type or "application/octet-stream",
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, no-store",
        },
    )
