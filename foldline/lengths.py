"""Units of length: millimetres (format.yaml, CSS), PDF points and CSS pixels.

One home for the conversions, so that the layout, the imposition and the checks
can never disagree about what a millimetre is.
"""
MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH  # PDF user space units (points)
PX_PER_MM = 96 / MM_PER_INCH  # CSS pixels, WeasyPrint's layout unit
