"""Uploaded photos (products, works): an image Pillow can open, of a size a slow connection and the
disk can bear."""

from django import forms
from django.core.exceptions import ValidationError

from tamnong.core.errors import DomainError

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def photo_clean(photo) -> None:
    """Refuse, naming the field "photo", a missing file, one over PHOTO_MAX_BYTES, or one that is not
    an image (JPEG, PNG, WebP…); leave the file ready to be read again."""
    if photo is None:
        raise DomainError("Cần chọn ảnh.", "Choose a photo.", field="photo")
    if photo.size > PHOTO_MAX_BYTES:
        raise DomainError(
            f"Ảnh «{photo.name}» nặng {photo.size / 1024 / 1024:.1f} MB; tối đa {PHOTO_MAX_BYTES // 1024 // 1024} MB.",
            f"The photo “{photo.name}” is {photo.size / 1024 / 1024:.1f} MB; at most {PHOTO_MAX_BYTES // 1024 // 1024} MB.",
            field="photo",
        )
    try:
        forms.ImageField().clean(photo)
    except ValidationError:
        raise DomainError(
            f"Tệp «{photo.name}» không phải ảnh (JPEG, PNG hoặc WebP).",
            f"The file “{photo.name}” is not a photo (JPEG, PNG or WebP).",
            field="photo",
        ) from None
    photo.seek(0)
