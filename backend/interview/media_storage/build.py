"""The one place that chooses the media storage from the settings."""

from __future__ import annotations

from interview.media_storage.base import MediaStorage
from interview.media_storage.local import LocalMediaStorage
from interview.settings import Settings


def build_media_storage(settings: Settings) -> MediaStorage:
    if settings.media_storage == "s3":
        from interview.media_storage.s3 import S3MediaStorage  # aiobotocore only when asked for

        assert settings.s3_bucket is not None  # the settings refuse s3 without a bucket
        return S3MediaStorage(
            settings.s3_bucket,
            # docker compose passes unset variables as empty strings: those mean "not given".
            endpoint_url=settings.s3_endpoint_url or None,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id or None,
            secret_access_key=settings.s3_secret_access_key or None,
            prefix=settings.s3_prefix,
        )
    return LocalMediaStorage(settings.media_dir or settings.data_dir / "media")
