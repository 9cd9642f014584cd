"""Uploaded photos (products, works): an image Pillow can open, of a size a slow connection and the
disk can bear, and the public copy of one that anyone may see.

`photo_clean` is the one check for every upload: at most PHOTO_MAX_BYTES, JPEG, PNG or WebP, at most
PHOTO_MAX_PIXELS, refused from the image's header before any pixel is decoded (a small file can
declare a huge image). `public_copy` re-encodes a photo for the public store: orientation applied,
at most PUBLIC_MAX_SIDE pixels a side, colours converted to sRGB, and no metadata at all (EXIF with
its GPS position, XMP, IPTC, ICC profile, comments). The original stays private where it is
evidence (the photos of works, the photo a producer sent for moderation).
"""

import io
import re
import warnings

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from tamnong.core.errors import DomainError
from tamnong.core.i18n import Bilingual
from tamnong.rules.formatting import format_number

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Tamnông's own limits (no rule sets them): 40 megapixels is more than any phone camera of 2026
# takes; 2,000 pixels a side is more than a product page shows on any screen.
PHOTO_MAX_PIXELS = 40_000_000
PUBLIC_MAX_SIDE = 2000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}

# Pillow refuses (DecompressionBombError) images over twice this, and warns over it; the warning is
# an error in photo_clean.
Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS


def _too_many_pixels(name: str, pixels: int, size: tuple[int, int] | None = None) -> DomainError:
    mp, limit = round(pixels / 1_000_000, 1), PHOTO_MAX_PIXELS // 1_000_000
    vi = en = ""
    if size is not None:
        vi = f"{format_number(size[0])} × {format_number(size[1])} điểm ảnh, "
        en = f"{format_number(size[0], 'en')} × {format_number(size[1], 'en')} pixels, "
    return DomainError(
        _(
            "The photo “%(name)s” has %(en)s%(format_number)s megapixels; at most %(limit)s megapixels: make it "
            "smaller and send it again."
        ),
        {
            "name": name,
            "en": Bilingual(vi, en),
            "format_number": Bilingual(format_number(mp), format_number(mp, 'en')),
            "limit": limit,
        },
        field="photo",
    )


def _bomb_pixels(exc: Exception) -> int:
    """The pixel count Pillow names in its refusal ("Image size (144000000 pixels) exceeds limit…")."""
    found = re.search(r"\((\d+) pixels\)", str(exc))
    return int(found.group(1)) if found else PHOTO_MAX_PIXELS + 1


def _not_a_photo(name: str) -> DomainError:
    return DomainError(_("The file “%(name)s” is not a photo (JPEG, PNG or WebP)."), {"name": name}, field="photo")


def photo_clean(photo) -> None:
    """Refuse, naming the field "photo", a missing file, one over PHOTO_MAX_BYTES, one that is not a
    JPEG, PNG or WebP image, or one over PHOTO_MAX_PIXELS; leave the file ready to be read again."""
    if photo is None:
        raise DomainError(_("Choose a photo."), field="photo")
    if photo.size > PHOTO_MAX_BYTES:
        mb, limit = round(photo.size / 1024 / 1024, 1), PHOTO_MAX_BYTES // 1024 // 1024
        raise DomainError(
            _("The photo “%(photo_name)s” is %(format_number)s MB; at most %(limit)s MB."),
            {
                "photo_name": photo.name,
                "format_number": Bilingual(format_number(mb), format_number(mb, 'en')),
                "limit": limit,
            },
            field="photo",
        )
    photo.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(photo) as image:  # reads the header only
                width, height = image.size
                if width * height > PHOTO_MAX_PIXELS:
                    raise _too_many_pixels(photo.name, width * height, (width, height))
                if image.format not in PHOTO_FORMATS:
                    raise _not_a_photo(photo.name)
                image.verify()
            photo.seek(0)
            with Image.open(photo) as image:
                image.load()  # a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels(photo.name, _bomb_pixels(exc)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_a_photo(photo.name) from None
    finally:
        photo.seek(0)


_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: the pixels as they are


def public_copy(photo, name: str) -> ContentFile:
    """A copy of a checked photo (photo_clean) for the public store: upright, at most PUBLIC_MAX_SIDE
    a side, sRGB, JPEG (PNG when it has transparency), without any metadata. `name` is the stored
    file's name without extension."""
    photo.seek(0)
    with Image.open(photo) as image:
        image.draft("RGB", (PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE))  # JPEG: decode at a reduced size when it can
        upright = ImageOps.exif_transpose(image)
        upright = _to_srgb(upright)
        alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        upright = upright.convert("RGBA" if alpha else "RGB")
        upright.thumbnail((PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE), Image.Resampling.LANCZOS)
        # A new image from the pixels alone: nothing of the original's info (EXIF, XMP, ICC, text) follows.
        clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    if alpha:
        clean.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        clean.save(out, "JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    photo.seek(0)
    return ContentFile(out.getvalue(), name=f"{name}.{extension}")
