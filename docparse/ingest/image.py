"""Image in (a scan saved as PNG, JPEG or TIFF) -> a PDF of its pages, for the OCR path.

Offices often scan to pictures rather than PDF. Each frame of the image (a TIFF holds several
pages) becomes a page of a PDF without a text layer, which read_pdf then reads by OCR. The
page size comes from the image's resolution when it records one, otherwise the page is taken
to be A4 wide (a phone photo of a page has no meaningful resolution).
"""

from __future__ import annotations

import io
import warnings

from docparse.errors import DocparseError, ErrorCode

A4_WIDTH_INCHES = 8.27
MIN_DPI, MAX_DPI = 72, 1200  # recorded resolutions outside this are not believed

MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def is_image(data: bytes) -> bool:
    return data.startswith(MAGIC)


def image_to_pdf(data: bytes, name: str, *, max_pages: int | None = None) -> bytes:
    """The frames of a PNG, JPEG or TIFF as a PDF of image-only pages."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise DocparseError(ErrorCode.TOO_LARGE, path=name, detail=str(exc)[:120]) from None
    except UnidentifiedImageError:  # its message names a BytesIO object: say it plainly
        raise DocparseError(ErrorCode.CORRUPT, path=name, detail="not a readable image") from None
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or broken image data
        raise DocparseError(ErrorCode.CORRUPT, path=name,
                            detail=f"not a readable image: {str(exc)[:100]}") from None
    if max_pages is not None and len(frames) > max_pages:
        raise DocparseError(ErrorCode.TOO_LARGE, path=name,
                            detail=f"{len(frames)} pages, limit {max_pages}")
    dpi = _resolution(image.info.get("dpi"), frames[0].width)
    out = io.BytesIO()
    frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=dpi)
    return out.getvalue()


def _resolution(recorded: object, width_px: int) -> float:
    if isinstance(recorded, tuple) and recorded and MIN_DPI <= float(recorded[0]) <= MAX_DPI:
        return float(recorded[0])
    return max(width_px / A4_WIDTH_INCHES, 1.0)
