"""The pdfium functions docparse calls once per character or page object, through cffi.

pypdfium2's ctypes wrappers convert every argument, and even a bare ctypes call costs more
than most of these functions take in pdfium: through cffi a call costs about a quarter of
it. They are the functions of the library pypdfium2 loaded, taken by address, so both
share one pdfium. Handles and addresses are passed and returned as plain integers.
"""

from __future__ import annotations

import ctypes
from typing import Any

import cffi
import pypdfium2.raw as pdfium_c

FFI = cffi.FFI()
FFI.cdef("""
    typedef struct { float left; float top; float right; float bottom; } FS_RECTF;
    typedef struct { float a; float b; float c; float d; float e; float f; } FS_MATRIX;
""")


def _fast(function: Any, signature: str) -> Any:
    return FFI.cast(signature, ctypes.cast(function, ctypes.c_void_p).value)


# Calls on the text page and its text objects.
TEXT_OBJECT = _fast(pdfium_c.FPDFText_GetTextObject, "uintptr_t(*)(uintptr_t, int)")
IS_GENERATED = _fast(pdfium_c.FPDFText_IsGenerated, "int(*)(uintptr_t, int)")
LOOSE_BOX = _fast(pdfium_c.FPDFText_GetLooseCharBox, "int(*)(uintptr_t, int, FS_RECTF*)")
FONT_SIZE = _fast(pdfium_c.FPDFText_GetFontSize, "double(*)(uintptr_t, int)")
CHAR_ORIGIN = _fast(pdfium_c.FPDFText_GetCharOrigin, "int(*)(uintptr_t, int, double*, double*)")
OBJECT_FONT = _fast(pdfium_c.FPDFTextObj_GetFont, "uintptr_t(*)(uintptr_t)")
OBJECT_MATRIX = _fast(pdfium_c.FPDFPageObj_GetMatrix, "int(*)(uintptr_t, FS_MATRIX*)")
OBJECT_TYPE = _fast(pdfium_c.FPDFPageObj_GetType, "int(*)(uintptr_t)")
PAGE_OBJECT = _fast(pdfium_c.FPDFPage_GetObject, "uintptr_t(*)(uintptr_t, int)")

# Calls on path and form objects (the rulings).
FORM_COUNT = _fast(pdfium_c.FPDFFormObj_CountObjects, "int(*)(uintptr_t)")
FORM_OBJECT = _fast(pdfium_c.FPDFFormObj_GetObject, "uintptr_t(*)(uintptr_t, unsigned long)")
SEGMENT_COUNT = _fast(pdfium_c.FPDFPath_CountSegments, "int(*)(uintptr_t)")
SEGMENT = _fast(pdfium_c.FPDFPath_GetPathSegment, "uintptr_t(*)(uintptr_t, int)")
SEGMENT_TYPE = _fast(pdfium_c.FPDFPathSegment_GetType, "int(*)(uintptr_t)")
SEGMENT_POINT = _fast(pdfium_c.FPDFPathSegment_GetPoint, "int(*)(uintptr_t, float*, float*)")
OBJECT_BOUNDS = _fast(pdfium_c.FPDFPageObj_GetBounds,
                      "int(*)(uintptr_t, float*, float*, float*, float*)")
DRAW_MODE = _fast(pdfium_c.FPDFPath_GetDrawMode, "int(*)(uintptr_t, int*, int*)")
_COLOUR_SIGNATURE = "int(*)(uintptr_t, unsigned int*, unsigned int*, unsigned int*, " \
    "unsigned int*)"
FILL_COLOUR = _fast(pdfium_c.FPDFPageObj_GetFillColor, _COLOUR_SIGNATURE)
STROKE_COLOUR = _fast(pdfium_c.FPDFPageObj_GetStrokeColor, _COLOUR_SIGNATURE)
