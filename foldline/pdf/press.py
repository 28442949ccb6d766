"""The print file's colours and PDF/X-4 identity, applied while the imposition writes it.

Both variants come from one layout drawn in the palette's screen sRGB (one render,
one write). For the print file the imposition hands every content stream and its
resources to ``Press``, which:

- turns each sRGB colour (``rg``/``RG`` operators, shadings' functions, transparency
  groups' blending space) into the palette's CMYK (layouts/colours.yaml); a colour
  the palette does not name (a vector figure's own colours) goes through the same
  colour transform as images. The layouts' stylesheets use palette colours only
  (``tests/test_print.py`` holds that), so only figures reach the transform;
- converts RGB images (figures) to CMYK with a real colour transform: sRGB to the
  printing condition's ICC profile, relative colorimetric with black point
  compensation (Pillow's ImageCms, LittleCMS), which also keeps the profile's ink limit;
- writes the PDF/X-4 parts (``finish``): PDF 1.6, GTS_PDFXVersion and /Trapped in
  the Info dictionary, XMP metadata with pdfxid, an OutputIntent carrying the
  printing condition's ICC profile, and a trailer /ID derived from the content,
  so the bytes are the same on every run.

WeasyPrint's own ``pdf/x-4`` variant is not used: it converts no colour (every
colour would have to be written as device-cmyk, a second layout) and its catalog
would not survive the imposition, which writes a new PDF; it also stamps a random
document id. Never parses or checks a finished PDF (``preflight``).
"""
from __future__ import annotations

import hashlib
import io
import re
from xml.sax.saxutils import escape

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from ..layout.printing import Palette, PrintProfile
from ..layout.render import RenderError

PDFX_VERSION = "PDF/X-4"
PDF_HEADER = b"%PDF-1.6"  # PDF/X-4 is based on PDF 1.6
# A literal or hex string (skipped whole: glyph codes are not colours), or an
# "r g b rg" / "r g b RG" operation.
_TOKENS = re.compile(
    rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>"
    rb"|(?<![^\s\[\]()<>{}])([-+]?[\d.]+)\s+([-+]?[\d.]+)\s+([-+]?[\d.]+)\s+(rg|RG)(?![^\s\[\]()<>/{}%])"
)


class Press:
    """One print file's conversion: a palette, a print profile and a digest of what was converted."""

    def __init__(self, palette: Palette, profile: PrintProfile):
        self.palette = palette
        self.profile = profile
        self.digest = hashlib.sha256()
        self._done: set[int] = set()
        self._transform = None  # sRGB -> the condition's profile, built for the first image

    def cmyk(self, rgb: tuple[float, float, float]) -> tuple[float, float, float, float]:
        """The palette's CMYK (0-1) for an sRGB colour drawn by WeasyPrint (0-1 channels)."""
        key = tuple(round(float(v) * 255) for v in rgb)
        cmyk = self.palette.cmyk_for(key)
        return cmyk if cmyk is not None else self._transformed(key)

    def _transformed(self, key: tuple[int, int, int]) -> tuple[float, float, float, float]:
        """A colour outside the palette through the printing condition's profile, as images are."""
        from PIL import Image, ImageCms

        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), key), self._srgb_to_cmyk()).getpixel((0, 0))
        return tuple(round(v / 255, 4) for v in pixel)

    def _srgb_to_cmyk(self):
        from PIL import ImageCms

        if self._transform is None:
            self._transform = ImageCms.buildTransform(
                ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(self.profile.condition.profile)),
                "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
            )
        return self._transform

    def content(self, data: bytes) -> bytes:
        """A content stream with every sRGB colour operation replaced by its CMYK one."""

        def replace(match: re.Match) -> bytes:
            if match.group(4) is None:
                return match.group(0)
            c, m, y, k = self.cmyk(match.group(1, 2, 3))
            operator = b"k" if match.group(4) == b"rg" else b"K"
            return b"%s %s %s %s %s" % (_num(c), _num(m), _num(y), _num(k), operator)

        converted = _TOKENS.sub(replace, data)
        self.digest.update(converted)
        return converted

    def resources(self, resources) -> None:
        """Convert, in place, the forms, shadings, patterns and soft masks a resource
        dictionary (already copied into the writer) refers to."""
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject):
            return
        for kind in ("/XObject", "/Pattern", "/Shading", "/ExtGState"):
            for value in (resources.get(kind) or DictionaryObject()).values():
                self._object(value)

    def _object(self, value) -> None:
        reference = getattr(value, "indirect_reference", None) or (value if hasattr(value, "idnum") else None)
        obj = value.get_object()
        if reference is not None:
            if reference.idnum in self._done:
                return
            self._done.add(reference.idnum)
        if not isinstance(obj, DictionaryObject):
            return
        subtype, kind = obj.get("/Subtype"), obj.get("/Type")
        if (isinstance(obj, StreamObject) and subtype == "/Form") or obj.get("/PatternType") == 1:
            obj.set_data(self.content(obj.get_data()))
            group = obj.get("/Group")
            if group is not None and group.get_object().get("/CS") in ("/DeviceRGB", "/CalRGB"):
                group.get_object()[NameObject("/CS")] = NameObject("/DeviceCMYK")
            self.resources(obj.get("/Resources"))
        elif subtype == "/Image":
            self._image(obj)
        elif "/ShadingType" in obj:
            self._shading(obj)
        elif obj.get("/PatternType") == 2:
            self._object(obj["/Shading"])
        elif kind == "/ExtGState" or "/SMask" in obj:
            mask = obj.get("/SMask")
            mask = mask.get_object() if mask is not None else None
            if isinstance(mask, DictionaryObject) and "/G" in mask:
                self._object(mask["/G"])

    def _image(self, image: StreamObject) -> None:
        """An RGB image's pixels converted to CMYK through the condition's profile, in place."""
        from PIL import Image, ImageCms

        space = image.get("/ColorSpace")
        if image.get("/ImageMask") or space in ("/DeviceGray", "/DeviceCMYK"):
            return
        if space != "/DeviceRGB" or int(image.get("/BitsPerComponent", 8)) != 8:
            raise RenderError(f"the layout holds an image in {space}: print takes 8-bit RGB, greyscale or CMYK images")
        data = image.get_data()
        size = (int(image["/Width"]), int(image["/Height"]))
        if data[:2] == b"\xff\xd8":  # DCTDecode: the JPEG file itself
            picture = Image.open(io.BytesIO(data)).convert("RGB")
        else:
            picture = Image.frombytes("RGB", size, data)
        pixels = ImageCms.applyTransform(picture, self._srgb_to_cmyk()).tobytes()
        for key in ("/DecodeParms", "/Decode"):
            image.pop(key, None)
        image[NameObject("/Filter")] = NameObject("/FlateDecode")
        image[NameObject("/ColorSpace")] = NameObject("/DeviceCMYK")
        image.set_data(pixels)
        self.digest.update(pixels)

    def _shading(self, shading: DictionaryObject) -> None:
        space = shading.get("/ColorSpace")
        if space in ("/DeviceGray", "/DeviceCMYK"):
            return
        if space != "/DeviceRGB":
            raise RenderError(f"the layout draws a gradient in {space}; print files take greyscale or CMYK")
        shading[NameObject("/ColorSpace")] = NameObject("/DeviceCMYK")
        self._function(shading["/Function"].get_object())
        self.digest.update(repr(shading).encode())

    def _function(self, function: DictionaryObject) -> None:
        if function.get("/FunctionType") == 3:
            for part in function["/Functions"]:
                self._function(part.get_object())
            return
        if function.get("/FunctionType") != 2:
            raise RenderError("the layout draws a gradient print files cannot take (not an interpolated one)")
        for key in ("/C0", "/C1"):
            function[NameObject(key)] = ArrayObject(FloatObject(_num(v).decode()) for v in self.cmyk(function[key]))
        if "/Range" in function:
            function[NameObject("/Range")] = ArrayObject(FloatObject(v) for v in (0, 1) * 4)

    def finish(self, writer: PdfWriter, info: dict) -> None:
        """The PDF/X-4 parts: header, Info entries, XMP, OutputIntent, trailer /ID."""
        condition = self.profile.condition
        writer.pdf_header = PDF_HEADER
        document_id = self.digest.copy()
        document_id.update(repr(sorted(info.items())).encode())
        document_id.update(condition.identifier.encode())
        digest = document_id.digest()[:16]
        writer.add_metadata({
            **info,
            "/GTS_PDFXVersion": PDFX_VERSION,
            "/Trapped": NameObject("/False"),
        })
        root = writer._root_object  # pypdf has no public setter for catalog entries
        root[NameObject("/Metadata")] = writer._add_object(_xmp(info, digest))
        icc = DecodedStreamObject()
        icc.set_data(condition.profile.read_bytes())
        icc = icc.flate_encode()
        icc[NameObject("/N")] = NumberObject(4)
        intent = DictionaryObject({
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(condition.identifier),
            NameObject("/OutputCondition"): TextStringObject(condition.condition),
            NameObject("/RegistryName"): TextStringObject(condition.registry),
            NameObject("/Info"): TextStringObject(condition.condition),
            NameObject("/DestOutputProfile"): writer._add_object(icc),
        })
        root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
        writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # no public setter either


def _num(value) -> bytes:
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return (text or "0").encode()


def _xmp_date(pdf_date: str) -> str:
    """D:YYYYMMDDHHmmSSZ (as WeasyPrint writes it) -> YYYY-MM-DDTHH:mm:SSZ."""
    d = str(pdf_date).removeprefix("D:")
    return f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10] or '00'}:{d[10:12] or '00'}:{d[12:14] or '00'}Z"


def _xmp(info: dict, digest: bytes) -> StreamObject:
    """XMP packet for PDF/X-4 (ISO 15930-7 §6.7.2): dates agree with the Info dictionary."""
    uuid = digest.hex()
    uuid = f"{uuid[0:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:32]}"
    created = _xmp_date(info.get("/CreationDate", "D:19700101000000Z"))
    modified = _xmp_date(info.get("/ModDate", info.get("/CreationDate", "D:19700101000000Z")))

    def text(key: str) -> str:
        return escape(str(info.get(key, "")))

    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text("/Author")}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{modified}</xmp:ModifyDate>
   <xmp:MetadataDate>{modified}</xmp:MetadataDate>
   <xmp:CreatorTool>{text("/Creator")}</xmp:CreatorTool>
   <pdf:Producer>{text("/Producer")}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream
