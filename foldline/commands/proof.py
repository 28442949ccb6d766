"""``proof``: every page of the built PDFs as PNG, and output/proofs/index.html."""
from __future__ import annotations

import sys

from ..errors import EXIT_CONTENT, EXIT_OK, display_path
from ..project import VARIANTS
from .common import load_valid


def run(args) -> int:
    from ..build.plan import plan, selected_formats
    from ..layout.formats import load_format
    from ..pdf.proof import Proofed, contact_sheet, proof_pdf

    project, loaded = load_valid(args)
    by_key = {(item.file.leaflet, item.file.language): item for item in loaded}
    proofs, missing = [], 0
    for output in plan([item.file for item in loaded], selected_formats(project, args.formats), tuple(args.variant or VARIANTS)):
        pdf = output.path(project)
        if not pdf.is_file():
            print(f"missing {display_path(pdf)}: build it first", file=sys.stderr)
            missing += 1
            continue
        fmt = load_format(project, output.format)
        direction = by_key[(output.leaflet, output.language)].language.direction
        pages, panels = proof_pdf(pdf, project.output_path("proofs", output.leaflet), fmt, direction, args.dpi, output.variant)
        proofs.append(Proofed(pdf, output.leaflet, output.language, output.format, output.variant, pages, panels))
        print(f"proofed {display_path(pdf)}  {len(pages)} pages")
    index = project.output_path("proofs", "index.html")
    contact_sheet(proofs, index)
    print(f"contact sheet: {display_path(index)} ({len(proofs)} PDFs)")
    return EXIT_CONTENT if missing else EXIT_OK
