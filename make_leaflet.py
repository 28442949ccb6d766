#!/usr/bin/env python3
"""Build PDF leaflets from YAML content. Run `python make_leaflet.py --help`."""
import sys

from foldline.cli import main

if __name__ == "__main__":
    sys.exit(main())
