#!/usr/bin/env python3
"""Builds the icon font the table's rows draw their action icons with.

The app's icons are one stroked path each on a 16-unit grid (`ui/src/lib/icon-strokes.json`:
1.5 wide, round caps and joins), drawn as inline SVG. WebKit's software painter strokes and
fills each path again on every frame, and a table row has four. A font's glyphs are drawn
once per size and then copied from a cache, so the rows use this font instead: the same
outlines, worked out here with Skia's stroker (the painter WebKit uses). See
docs/BENCHMARKS.md, thirty-third session, for the figures.

Writes `ui/src/assets/desk-icons.woff` and `ui/src/lib/icon-font.json` (each icon's
character, and a hash of the stroke it was made from, which a UI test compares with the
strokes so that the two cannot drift apart). Checks that each glyph covers what its stroke
covers, at the sizes the app draws them, and stops if not.

    python3 -m venv /tmp/icons && /tmp/icons/bin/pip install skia-python fonttools
    /tmp/icons/bin/python scripts/icon-font.py
"""

import hashlib
import io
import json
import pathlib
import sys

import numpy as np
import skia

UI = pathlib.Path(__file__).resolve().parent.parent / "ui" / "src"
STROKE_WIDTH = 1.5
# The glyphs' strokes are a little wider: Skia draws text masks with a contrast curve that
# thins dark glyphs, by ~10 % of their ink at 15 px. At 1.65 the rows' icons (15 px) carry
# the same ink on average as the 1.5 strokes drawn as paths.
GLYPH_STROKE_WIDTH = 1.65
# Pixel sizes the icons are shown at, at 1x and 2x.
SIZES = (12, 13, 15, 24, 26, 30)
FAMILY = "Desk Icons"
FIRST_CHAR = 0xE000  # the Private Use Area: no text ever shows these by accident
UNITS = 64  # font units per grid unit: the 16-unit grid is the 1024-unit em square
# Glyph against stroke, both drawn by Skia: the share of ink one glyph may gain or lose at
# any size, and on average over all glyphs at the rows' size (text masks and paths are
# anti-aliased differently, and the glyph's curves are worked out at 8x).
MAX_INK_CHANGE = 0.25
MAX_MEAN_INK_CHANGE = 0.05
# The share of the stroke's ink the glyph puts on the same pixels: a glyph in the wrong
# place, or of the wrong shape, carries the right ink elsewhere.
MIN_SHARED_INK = 0.75
ROW_SIZE = 15


def stroke_paint(width: float) -> skia.Paint:
    return skia.Paint(
        AntiAlias=True,
        Style=skia.Paint.kStroke_Style,
        StrokeWidth=width,
        StrokeCap=skia.Paint.kRound_Cap,
        StrokeJoin=skia.Paint.kRound_Join,
    )


def parse(d: str) -> skia.Path:
    """SVG path data as a Skia path (the commands the icons use: M L H V C S Q T A Z)."""
    path, tokens = skia.Path(), Tokens(d)
    x = y = sx = sy = 0.0
    last_ctrl, prev = None, ""
    while not tokens.done():
        cmd = tokens.command(prev)
        rel, c = cmd.islower(), cmd.upper()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if c == "Z":
            path.close()
            x, y = sx, sy
        elif c == "M":
            x, y = ox + tokens.num(), oy + tokens.num()
            path.moveTo(x, y)
            sx, sy = x, y
            cmd = "l" if rel else "L"  # further pairs are lines
        elif c == "L":
            x, y = ox + tokens.num(), oy + tokens.num()
            path.lineTo(x, y)
        elif c == "H":
            x = ox + tokens.num()
            path.lineTo(x, y)
        elif c == "V":
            y = oy + tokens.num()
            path.lineTo(x, y)
        elif c in "CS":
            if c == "C":
                x1, y1 = ox + tokens.num(), oy + tokens.num()
            else:
                x1, y1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if prev.upper() in "CS" else (x, y)
            x2, y2 = ox + tokens.num(), oy + tokens.num()
            x, y = ox + tokens.num(), oy + tokens.num()
            path.cubicTo(x1, y1, x2, y2, x, y)
            last_ctrl = (x2, y2)
        elif c == "A":
            rx, ry, rot = tokens.num(), tokens.num(), tokens.num()
            large, sweep = tokens.flag(), tokens.flag()
            x, y = ox + tokens.num(), oy + tokens.num()
            path.arcTo(
                rx, ry, rot,
                skia.Path.kLarge_ArcSize if large else skia.Path.kSmall_ArcSize,
                skia.PathDirection.kCW if sweep else skia.PathDirection.kCCW,
                x, y,
            )
        else:
            raise SystemExit(f"unsupported path command {cmd!r} in {d}")
        prev = cmd
    return path


class Tokens:
    def __init__(self, d: str):
        self.d, self.i = d, 0

    def skip(self):
        while self.i < len(self.d) and self.d[self.i] in " ,\t\n":
            self.i += 1

    def done(self) -> bool:
        self.skip()
        return self.i >= len(self.d)

    def command(self, prev: str) -> str:
        self.skip()
        ch = self.d[self.i]
        if ch.isalpha():
            self.i += 1
            return ch
        if not prev or prev.upper() == "Z":
            raise SystemExit(f"numbers without a command at {self.i} in {self.d}")
        return prev  # an implicit repeat of the previous command

    def flag(self) -> bool:
        self.skip()
        ch = self.d[self.i]
        self.i += 1
        return ch == "1"

    def num(self) -> float:
        self.skip()
        j, seen_dot, seen_e = self.i, False, False
        if j < len(self.d) and self.d[j] in "+-":
            j += 1
        while j < len(self.d):
            ch = self.d[j]
            if ch.isdigit():
                j += 1
            elif ch == "." and not seen_dot and not seen_e:
                seen_dot = True
                j += 1
            elif ch in "eE" and not seen_e:
                seen_e = True
                j += 1
                if j < len(self.d) and self.d[j] in "+-":
                    j += 1
            else:
                break
        value = float(self.d[self.i : j])
        self.i = j
        return value


def outline(d: str) -> skia.Path:
    """The area the stroke of `d` covers, as filled contours (non-zero winding, as fonts fill)."""
    filled = skia.Path()
    stroke_paint(GLYPH_STROKE_WIDTH).getFillPath(parse(d), filled, None, 8)
    return filled


def draw_glyph(path: skia.Path, pen) -> None:
    def pt(p: skia.Point) -> tuple[float, float]:
        return (round(p.x() * UNITS, 1), round((16 - p.y()) * UNITS, 1))

    it = skia.Path.Iter(path, True)
    while True:
        verb, pts = it.next()
        if verb == skia.Path.kDone_Verb:
            break
        if verb == skia.Path.kMove_Verb:
            pen.moveTo(pt(pts[0]))
        elif verb == skia.Path.kLine_Verb:
            pen.lineTo(pt(pts[1]))
        elif verb == skia.Path.kQuad_Verb:
            pen.qCurveTo(pt(pts[1]), pt(pts[2]))
        elif verb == skia.Path.kConic_Verb:
            quads = skia.Path.ConvertConicToQuads(pts[0], pts[1], pts[2], it.conicWeight(), 2)
            for i in range(1, len(quads) - 1, 2):
                pen.qCurveTo(pt(quads[i]), pt(quads[i + 1]))
        elif verb == skia.Path.kCubic_Verb:
            pen.curveTo(pt(pts[1]), pt(pts[2]), pt(pts[3]))
        elif verb == skia.Path.kClose_Verb:
            pen.closePath()


def build_font(strokes: dict[str, str]) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    em = 16 * UNITS
    names = [".notdef", *strokes]
    fb = FontBuilder(em, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({FIRST_CHAR + i: name for i, name in enumerate(strokes)})
    charstrings = {}
    for name in names:
        pen = T2CharStringPen(em, None)
        if name != ".notdef":
            draw_glyph(outline(strokes[name]), pen)
        charstrings[name] = pen.getCharString()
    fb.setupCFF(FAMILY.replace(" ", ""), {"FullName": FAMILY}, charstrings, {})
    fb.setupHorizontalMetrics({name: (em, 0) for name in names})
    # The em square is the grid: from the baseline up, nothing below it.
    fb.setupHorizontalHeader(ascent=em, descent=0)
    fb.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=em, sTypoDescender=0, sTypoLineGap=0, usWinAscent=em, usWinDescent=0)
    fb.setupPost()
    # A fixed date, so the same strokes always make the same file.
    fb.font.recalcTimestamp = False
    fb.font["head"].created = fb.font["head"].modified = 0
    fb.font.flavor = "woff"
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


def alpha(draw, size: int):
    surface = skia.Surface(size, size)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    draw(canvas)
    return surface.makeImageSnapshot().toarray()[:, :, 3].astype(int).ravel()


def stroke_alpha(d: str, size: int):
    doc = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16">'
        f'<path d="{d}" fill="none" stroke="#000" stroke-width="{STROKE_WIDTH}" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )
    # Skia's own SVG reader, not `parse` above: a slip in `parse` shows up here.
    dom = skia.SVGDOM.MakeFromStream(skia.MemoryStream(doc.encode(), True))
    if dom is None:
        raise SystemExit(f"Skia could not read the stroke {d}")
    dom.setContainerSize(skia.Size(size, size))
    return alpha(dom.render, size)


def check(font_data: bytes, strokes: dict[str, str]) -> None:
    typeface = skia.Typeface.MakeFromData(skia.Data.MakeWithCopy(font_data))
    if typeface is None:
        raise SystemExit("Skia could not load the font it was given")
    at_row_size = []
    for i, (name, d) in enumerate(strokes.items()):
        report = []
        for size in SIZES:
            font = skia.Font(typeface, size)
            font.setHinting(skia.FontHinting.kNone)
            font.setEdging(skia.Font.Edging.kAntiAlias)
            paint = skia.Paint(AntiAlias=True)
            glyph = alpha(lambda c: c.drawString(chr(FIRST_CHAR + i), 0, size, font, paint), size)
            stroke = stroke_alpha(d, size)
            ink = (glyph.sum() - stroke.sum()) / stroke.sum()
            shared = np.minimum(glyph, stroke).sum() / stroke.sum()
            if abs(ink) > MAX_INK_CHANGE or shared < MIN_SHARED_INK:
                raise SystemExit(f"{name} at {size} px: the glyph differs from the stroke (ink {ink:+.1%}, {shared:.0%} in place)")
            if size == ROW_SIZE:
                at_row_size.append(ink)
            report.append(f"{size}px {ink:+.1%} ({shared:.0%})")
        print(f"{name}: " + ", ".join(report), file=sys.stderr)
    mean = sum(at_row_size) / len(at_row_size)
    print(f"mean ink change at {ROW_SIZE} px: {mean:+.1%}", file=sys.stderr)
    if abs(mean) > MAX_MEAN_INK_CHANGE:
        raise SystemExit(f"the glyphs carry {mean:+.1%} of the strokes' ink at {ROW_SIZE} px")


def main() -> None:
    strokes = json.loads((UI / "lib" / "icon-strokes.json").read_text())
    font = build_font(strokes)
    check(font, strokes)
    font_file = UI / "assets" / "desk-icons.woff"
    font_file.parent.mkdir(exist_ok=True)
    font_file.write_bytes(font)
    table = {
        "family": FAMILY,
        "chars": {name: chr(FIRST_CHAR + i) for i, name in enumerate(strokes)},
        "source": {name: hashlib.sha256(d.encode()).hexdigest()[:16] for name, d in strokes.items()},
    }
    (UI / "lib" / "icon-font.json").write_text(json.dumps(table, indent=2, ensure_ascii=True) + "\n")
    print(f"{font_file}: {font_file.stat().st_size} bytes, {len(strokes)} glyphs", file=sys.stderr)


if __name__ == "__main__":
    main()
