"""``schema``: print the JSON Schema of content files, generated from the models."""
from __future__ import annotations

import json

from ..errors import EXIT_OK


def run(args) -> int:
    from ..content.models import Leaflet

    print(json.dumps(Leaflet.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK
