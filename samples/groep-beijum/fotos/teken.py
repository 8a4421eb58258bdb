#!/usr/bin/env python3
"""Draws the "photos" of the Beijum sample group.

Every image in this folder except route.svg is drawn by this script, so the
sample can live in the repository under the project's licence (see
LICENTIE.md). The scenes are stylised, fictional impressions of a Dutch
1970s "bloemkoolwijk" in December: terraced houses, a playground, a green
strip along the water, a small shopping centre, the community centre and a
bus stop on a bicycle path.

Requirements: Pillow (``pip install pillow``). Run from anywhere:

    python3 samples/groep-beijum/fotos/teken.py

The output is deterministic (fixed random seeds), so running the script again
gives the same files with the same Pillow version.

Deliberate quirks, to exercise the report program:
- rijtjeshuizen.jpg, groenstrook.jpg and wijkcentrum.jpg are phone-sized
  (4032 x 3024 pixels) and must be downscaled;
- wijkcentrum.jpg is stored sideways (landscape pixels) with EXIF orientation
  6, as a phone held upright does: a correct viewer shows it as a portrait;
- buurtkamer-bord.png has a transparent background and a half-transparent
  drop shadow.
"""

import math
import random
from pathlib import Path

from PIL import (Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter,
                 ImageFont)

HERE = Path(__file__).resolve().parent
FONT_DIRS = [HERE.parents[2] / "fonts", Path("/usr/share/fonts/truetype/dejavu")]
FONT_FILES = {
    "bold": ["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"],
    "regular": ["NotoSans-Regular.ttf", "DejaVuSans.ttf"],
}


def font(size, weight="bold"):
    for d in FONT_DIRS:
        for name in FONT_FILES[weight]:
            f = d / name
            if f.exists():
                return ImageFont.truetype(str(f), max(1, int(size)))
    return ImageFont.load_default(max(1, int(size)))


def jitter(c, rng, amount):
    return tuple(max(0, min(255, int(v + rng.uniform(-amount, amount)))) for v in c)


def mix(a, b, t):
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))


class Canvas:
    """An RGB image addressed in design units (default 1600 wide)."""

    def __init__(self, w, h, design_w=1600, ss=1):
        self.w, self.h, self.ss = w, h, ss
        self.k = w * ss / design_w
        self.img = Image.new("RGB", (w * ss, h * ss), (200, 200, 200))
        self.d = ImageDraw.Draw(self.img, "RGBA")

    # -- coordinates -------------------------------------------------------
    def s(self, v):
        return v * self.k

    def pts(self, pts):
        return [(x * self.k, y * self.k) for x, y in pts]

    def box(self, x0, y0, x1, y1):
        return [x0 * self.k, y0 * self.k, x1 * self.k, y1 * self.k]

    def px(self, v):
        return max(1, int(round(v * self.k)))

    # -- primitives --------------------------------------------------------
    def rect(self, x0, y0, x1, y1, fill, outline=None, width=0):
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        self.d.rectangle(self.box(x0, y0, x1, y1), fill=fill, outline=outline,
                         width=self.px(width) if outline else 0)

    def rrect(self, x0, y0, x1, y1, r, fill, outline=None, width=0):
        self.d.rounded_rectangle(self.box(x0, y0, x1, y1), radius=self.s(r), fill=fill,
                                 outline=outline, width=self.px(width) if outline else 0)

    def poly(self, pts, fill, outline=None):
        self.d.polygon(self.pts(pts), fill=fill, outline=outline)

    def line(self, pts, fill, width=1.0, round_joints=False):
        w = self.px(width)
        self.d.line(self.pts(pts), fill=fill, width=w, joint="curve" if round_joints else None)
        if round_joints and w > 3:
            r = w / 2
            for x, y in self.pts(pts):
                self.d.ellipse([x - r, y - r, x + r, y + r], fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill, outline=None, width=0):
        self.d.ellipse(self.box(x0, y0, x1, y1), fill=fill, outline=outline,
                       width=self.px(width) if outline else 0)

    def circle(self, x, y, r, fill, outline=None, width=0):
        self.ellipse(x - r, y - r, x + r, y + r, fill, outline, width)

    def text(self, x, y, s, size, fill, anchor="mm", weight="bold"):
        self.d.text((self.s(x), self.s(y)), s, font=font(self.s(size), weight), fill=fill,
                    anchor=anchor)

    def gradient(self, x0, y0, x1, y1, top, bottom, alpha=255, poly=None, horizontal=False):
        """Fills a box (or a polygon inside it) with a linear gradient."""
        bx0, by0 = int(math.floor(self.s(x0))), int(math.floor(self.s(y0)))
        bx1, by1 = int(math.ceil(self.s(x1))), int(math.ceil(self.s(y1)))
        w, h = max(1, bx1 - bx0), max(1, by1 - by0)
        g = Image.linear_gradient("L")
        if horizontal:
            g = g.transpose(Image.Transpose.TRANSPOSE)
        g = g.resize((w, h), Image.Resampling.BILINEAR)
        fill = Image.composite(Image.new("RGB", (w, h), bottom), Image.new("RGB", (w, h), top), g)
        mask = Image.new("L", (w, h), 0 if poly else alpha)
        if poly:
            ImageDraw.Draw(mask).polygon([(self.s(x) - bx0, self.s(y) - by0) for x, y in poly],
                                         fill=alpha)
        self.img.paste(fill, (bx0, by0), mask)

    def soft(self, shape, pts, color=(0, 0, 0), alpha=90, blur=8.0):
        """A blurred shape (shadow, glow, cloud): shape is 'poly' or 'ellipse'."""
        b = self.s(blur)
        xs = [self.s(p[0]) for p in pts]
        ys = [self.s(p[1]) for p in pts]
        x0, y0 = int(min(xs) - 3 * b) - 1, int(min(ys) - 3 * b) - 1
        x1, y1 = int(max(xs) + 3 * b) + 1, int(max(ys) + 3 * b) + 1
        mask = Image.new("L", (x1 - x0, y1 - y0), 0)
        md = ImageDraw.Draw(mask)
        local = [(self.s(x) - x0, self.s(y) - y0) for x, y in pts]
        if shape == "ellipse":
            md.ellipse([local[0], local[1]], fill=alpha)
        else:
            md.polygon(local, fill=alpha)
        mask = mask.filter(ImageFilter.GaussianBlur(b))
        self.img.paste(Image.new("RGB", mask.size, color), (x0, y0), mask)

    def finish(self, seed, grain=5.0):
        img = self.img
        if self.ss > 1:
            img = img.resize((self.w, self.h), Image.Resampling.LANCZOS)
        return photo_finish(img, seed, grain)


def photo_finish(img, seed, grain=5.0):
    """Slight softness, vignette and grain, so the drawing looks like a photo."""
    w, h = img.size
    img = img.filter(ImageFilter.GaussianBlur(0.35 * w / 1600))
    g = Image.radial_gradient("L").resize((w, h), Image.Resampling.BILINEAR)
    mask = g.point(lambda v: int(max(0, v - 110) * 0.45))
    img = Image.composite(ImageEnhance.Brightness(img).enhance(0.72), img, mask)
    rng = random.Random(seed)
    nw, nh = max(1, w // 2), max(1, h // 2)
    noise = Image.frombytes("L", (nw, nh), rng.randbytes(nw * nh))
    noise = noise.resize((w, h), Image.Resampling.BILINEAR)
    noise = noise.point(lambda v: 128 + int(round((v - 128) * grain / 128)))
    return ImageChops.add(img, Image.merge("RGB", (noise, noise, noise)), 1.0, -128)


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

def sky(c, y1, top=(112, 146, 188), bottom=(214, 221, 228), clouds=5, rng=None):
    c.gradient(0, 0, c.w * c.ss / c.k, y1, top, bottom)
    rng = rng or random.Random(1)
    width = c.w * c.ss / c.k
    for _ in range(clouds):
        cx = rng.uniform(0, width)
        cy = rng.uniform(y1 * 0.08, y1 * 0.55)
        sw = rng.uniform(180, 380)
        for _ in range(6):
            dx = rng.uniform(-sw / 2, sw / 2)
            dy = rng.uniform(-25, 20)
            r = rng.uniform(40, 90)
            c.soft("ellipse", [(cx + dx - r * 1.6, cy + dy - r * 0.7), (cx + dx + r * 1.6, cy + dy + r * 0.7)],
                   color=(246, 247, 250), alpha=150, blur=22)


def brickwork(c, x0, y0, x1, y1, base, rng, course=4.0, brick=13.6, detail=True):
    mortar = mix(base, (205, 200, 190), 0.55)
    c.rect(x0, y0, x1, y1, mortar)
    if not detail or c.s(course) < 3.0:
        c.rect(x0, y0, x1, y1, mix(base, mortar, 0.25))
        y, n = y0, 0
        step = max(course, 3.2 / c.k * 1.0)
        while y < y1:
            c.line([(x0, y), (x1, y)], mortar + (60,), 0.35)
            y += step * 2
            n += 1
        return
    gap = 0.7
    y, row = y0, 0
    while y < y1:
        x = x0 - (row % 2) * brick / 2
        while x < x1:
            bx0, bx1 = max(x, x0), min(x + brick - gap, x1)
            if bx1 > bx0:
                c.rect(bx0, y, bx1, min(y + course - gap, y1), jitter(base, rng, 14))
            x += brick
        y += course
        row += 1


def window(c, x0, y0, x1, y1, rng, frame=(238, 236, 230), panes=1, curtain=None, scale=1.0,
           sky_top=(150, 168, 188), sky_bottom=(52, 60, 70)):
    f = 4.5 * scale
    c.rect(x0 - 2 * scale, y1, x1 + 2 * scale, y1 + 5 * scale, (176, 174, 168))  # sill
    c.soft("poly", [(x0, y1 + 5 * scale), (x1, y1 + 5 * scale), (x1, y1 + 9 * scale), (x0, y1 + 9 * scale)],
           alpha=70, blur=2 * scale)
    c.rect(x0, y0, x1, y1, frame)
    pw = (x1 - x0 - f * (panes + 1)) / panes
    for i in range(panes):
        gx0 = x0 + f + i * (pw + f)
        gx1 = gx0 + pw
        gy0, gy1 = y0 + f, y1 - f
        c.gradient(gx0, gy0, gx1, gy1, sky_top, sky_bottom)
        if curtain:
            cw = pw * rng.uniform(0.18, 0.3)
            if i == 0:
                c.rect(gx0, gy0, gx0 + cw, gy1, curtain + (215,))
            if i == panes - 1:
                c.rect(gx1 - cw, gy0, gx1, gy1, curtain + (215,))
        # reflection of the sky
        c.poly([(gx0 + pw * 0.15, gy0), (gx0 + pw * 0.45, gy0), (gx0 + pw * 0.05, gy1), (gx0, gy1),
                (gx0, gy1 - (gy1 - gy0) * 0.2)], (255, 255, 255, 38))
    # inner shadow along the top of the frame
    c.rect(x0 + f, y0 + f, x1 - f, y0 + f + 2 * scale, (0, 0, 0, 60))


def bare_tree(c, x, y, height, rng, color=(66, 56, 50), depth=8, lean=0.0, leaves=None):
    def branch(bx, by, length, angle, width, d):
        ex = bx + length * math.cos(angle)
        ey = by - length * math.sin(angle)
        a = 255 if d > 2 else 150
        c.line([(bx, by), (ex, ey)], color + (a,), max(width, 0.5), round_joints=width * c.k > 4)
        if leaves and d <= 2 and rng.random() < 0.35:
            col = rng.choice(leaves)
            r = rng.uniform(2, 5) * height / 600
            c.circle(ex, ey, r, col + (200,))
        if d == 0:
            return
        n = 3 if rng.random() < 0.3 else 2
        for i in range(n):
            na = angle + (i - (n - 1) / 2) * rng.uniform(0.35, 0.6) + rng.uniform(-0.2, 0.2)
            na += (math.pi / 2 - na) * 0.12  # branches bend slightly upwards
            branch(ex, ey, length * rng.uniform(0.66, 0.8), na, width * 0.66, d - 1)

    branch(x, y, height * 0.33, math.pi / 2 + lean + rng.uniform(-0.05, 0.05), height * 0.045, depth)


def evergreen(c, x, y, w, h, rng, base=(48, 82, 52)):
    """A rounded evergreen shrub or conifer made of shaded blobs."""
    c.soft("ellipse", [(x - w * 0.55, y - h * 0.06), (x + w * 0.6, y + h * 0.06)], alpha=90, blur=6)
    for i in range(int(26 + w / 6)):
        t = rng.random()
        bx = x + rng.uniform(-w / 2, w / 2) * (1 - t * 0.55)
        by = y - t * h
        r = rng.uniform(0.12, 0.22) * w * (1 - t * 0.4)
        light = (bx - x) / w * -0.6 + t * 0.5  # light from top-left
        col = mix(base, (118, 150, 86), max(0, min(1, 0.2 + light * 0.6)))
        c.circle(bx, by, r, jitter(col, rng, 8))


def hedge(c, x0, x1, y, h, rng, base=(52, 86, 50)):
    c.soft("poly", [(x0, y - 3), (x1 + 10, y - 3), (x1 + 18, y + 8), (x0 + 8, y + 8)], alpha=110, blur=4)
    c.rrect(x0, y - h, x1, y, h * 0.3, base)
    for _ in range(int((x1 - x0) * h / 35)):
        bx, by = rng.uniform(x0, x1), rng.uniform(y - h, y)
        r = rng.uniform(2.5, 6)
        t = 1 - (by - (y - h)) / h
        c.circle(bx, by, r, jitter(mix(base, (112, 146, 82), t * 0.7), rng, 10))


def person(c, x, foot, height, coat, rng, trousers=(46, 48, 58), skin=(226, 188, 160),
           hair=(64, 44, 32), bag=None, facing=1):
    h = height
    c.soft("ellipse", [(x - h * 0.16, foot - h * 0.025), (x + h * 0.22, foot + h * 0.025)], alpha=100, blur=h * 0.02)
    legw = h * 0.06
    c.rect(x - legw * 1.1, foot - h * 0.47, x - legw * 0.1, foot, trousers)
    c.rect(x + legw * 0.1, foot - h * 0.47, x + legw * 1.1, foot - h * 0.01, mix(trousers, (0, 0, 0), 0.15))
    c.rrect(x - legw * 1.3, foot - h * 0.02, x + legw * 0.2 * facing + legw * 0.3, foot + h * 0.005, h * 0.01, (30, 30, 32))
    c.rrect(x - h * 0.11, foot - h * 0.8, x + h * 0.11, foot - h * 0.42, h * 0.05, coat)
    c.rect(x + h * 0.04, foot - h * 0.78, x + h * 0.1, foot - h * 0.44, mix(coat, (0, 0, 0), 0.18))
    c.line([(x - h * 0.1, foot - h * 0.76), (x - h * 0.13, foot - h * 0.5)], coat, h * 0.045)
    c.line([(x + h * 0.1, foot - h * 0.76), (x + h * 0.13, foot - h * 0.5)], mix(coat, (0, 0, 0), 0.15), h * 0.045)
    c.circle(x, foot - h * 0.88, h * 0.065, skin)
    c.ellipse(x - h * 0.068, foot - h * 0.955, x + h * 0.068, foot - h * 0.88, hair)
    if bag:
        c.rrect(x + h * 0.1, foot - h * 0.52, x + h * 0.22, foot - h * 0.36, h * 0.015, bag)


def dog(c, x, foot, size, color=(120, 86, 54)):
    s = size
    c.soft("ellipse", [(x - s * 0.5, foot - s * 0.05), (x + s * 0.6, foot + s * 0.05)], alpha=90, blur=s * 0.05)
    for lx in (-0.35, -0.2, 0.25, 0.38):
        c.rect(x + lx * s, foot - s * 0.45, x + lx * s + s * 0.08, foot, mix(color, (0, 0, 0), 0.2))
    c.ellipse(x - s * 0.45, foot - s * 0.7, x + s * 0.5, foot - s * 0.35, color)
    c.ellipse(x + s * 0.35, foot - s * 0.92, x + s * 0.7, foot - s * 0.6, color)
    c.ellipse(x + s * 0.36, foot - s * 0.88, x + s * 0.46, foot - s * 0.66, mix(color, (0, 0, 0), 0.3))
    c.line([(x - s * 0.42, foot - s * 0.6), (x - s * 0.62, foot - s * 0.8)], color, s * 0.07)


def bicycle(c, x, ground, size, color, rng, tyre=(28, 28, 30)):
    r = size * 0.2
    rear, front = (x, ground - r), (x + size * 0.66, ground - r)
    bb = (x + size * 0.3, ground - r * 0.85)
    seat = (x + size * 0.22, ground - r - size * 0.34)
    head = (x + size * 0.56, ground - r - size * 0.32)
    c.soft("ellipse", [(x - r, ground - r * 0.12), (x + size * 0.66 + r, ground + r * 0.12)], alpha=80, blur=size * 0.02)
    for cx, cy in (rear, front):
        c.circle(cx, cy, r, None, tyre, size * 0.025)
        for i in range(12):
            a = i * math.pi / 6
            c.line([(cx, cy), (cx + r * math.cos(a) * 0.95, cy + r * math.sin(a) * 0.95)], (150, 150, 150, 140), 0.4)
        c.circle(cx, cy, r * 0.08, (120, 120, 120))
    w = size * 0.028
    c.line([rear, bb, head, seat, rear], color, w, round_joints=True)
    c.line([seat, bb], color, w)
    c.line([head, front], color, w)
    c.line([seat, (seat[0] - size * 0.02, seat[1] - size * 0.05)], (60, 60, 60), w * 0.8)
    c.rrect(seat[0] - size * 0.08, seat[1] - size * 0.07, seat[0] + size * 0.05, seat[1] - size * 0.04, size * 0.02, (30, 30, 30))
    c.line([head, (head[0] - size * 0.02, head[1] - size * 0.08), (head[0] - size * 0.12, head[1] - size * 0.1)],
           (40, 40, 40), w * 0.8)
    # carrier and mudguard, very Dutch
    c.line([(rear[0] - r * 0.2, rear[1] - r * 1.05), (seat[0] + size * 0.02, rear[1] - r * 1.05)], (40, 40, 40), w * 0.7)
    c.d.arc(c.box(rear[0] - r * 1.08, rear[1] - r * 1.08, rear[0] + r * 1.08, rear[1] + r * 1.08), 190, 330,
            fill=(40, 40, 40), width=c.px(w * 0.6))
    c.d.arc(c.box(front[0] - r * 1.08, front[1] - r * 1.08, front[0] + r * 1.08, front[1] + r * 1.08), 200, 340,
            fill=(40, 40, 40), width=c.px(w * 0.6))


def car(c, x, ground, length, color):
    L = length
    c.soft("ellipse", [(x - L * 0.02, ground - L * 0.035), (x + L * 1.03, ground + L * 0.03)], alpha=150, blur=L * 0.02)
    body = [(x, ground - L * 0.1), (x + L * 0.02, ground - L * 0.27), (x + L * 0.22, ground - L * 0.3),
            (x + L * 0.33, ground - L * 0.46), (x + L * 0.7, ground - L * 0.47), (x + L * 0.84, ground - L * 0.31),
            (x + L, ground - L * 0.26), (x + L * 1.01, ground - L * 0.1)]
    c.poly(body, color)
    c.gradient(x, ground - L * 0.3, x + L, ground - L * 0.08, mix(color, (255, 255, 255), 0.18),
               mix(color, (0, 0, 0), 0.35), poly=body)
    glass = [(x + L * 0.25, ground - L * 0.29), (x + L * 0.35, ground - L * 0.43), (x + L * 0.68, ground - L * 0.44),
             (x + L * 0.8, ground - L * 0.3)]
    c.gradient(x + L * 0.25, ground - L * 0.44, x + L * 0.8, ground - L * 0.29, (170, 185, 200), (40, 46, 56), poly=glass)
    c.line([(x + L * 0.52, ground - L * 0.44), (x + L * 0.52, ground - L * 0.29)], mix(color, (0, 0, 0), 0.3), L * 0.015)
    c.line([(x + L * 0.03, ground - L * 0.2), (x + L * 0.98, ground - L * 0.2)], mix(color, (255, 255, 255), 0.3) + (120,), L * 0.004)
    c.rect(x + L * 0.95, ground - L * 0.24, x + L * 1.0, ground - L * 0.2, (240, 230, 200))
    c.rect(x, ground - L * 0.24, x + L * 0.03, ground - L * 0.2, (170, 30, 30))
    for wx in (x + L * 0.19, x + L * 0.81):
        c.circle(wx, ground - L * 0.075, L * 0.085, (25, 25, 27))
        c.circle(wx, ground - L * 0.075, L * 0.045, (150, 152, 156))
    c.rect(x, ground - L * 0.12, x + L * 1.01, ground - L * 0.1, (30, 30, 30, 120))


def lamppost(c, x, ground, height, color=(56, 72, 60)):
    c.soft("ellipse", [(x - 12, ground - 3), (x + 20, ground + 4)], alpha=90, blur=3)
    c.rect(x - height * 0.012, ground - height, x + height * 0.012, ground, color)
    c.rect(x - height * 0.02, ground - height * 0.12, x + height * 0.02, ground, color)
    c.rrect(x - height * 0.06, ground - height * 1.08, x + height * 0.06, ground - height * 0.98, height * 0.02, color)
    c.rect(x - height * 0.045, ground - height * 0.99, x + height * 0.045, ground - height * 0.965, (236, 232, 214))


def waste_bin(c, x, ground, h, body=(112, 116, 118), lid=(44, 120, 64)):
    c.soft("ellipse", [(x - h * 0.35, ground - h * 0.05), (x + h * 0.5, ground + h * 0.05)], alpha=100, blur=h * 0.05)
    c.rrect(x - h * 0.3, ground - h, x + h * 0.3, ground, h * 0.05, body)
    c.gradient(x - h * 0.3, ground - h, x + h * 0.3, ground, mix(body, (255, 255, 255), 0.1),
               mix(body, (0, 0, 0), 0.25), horizontal=True)
    c.rrect(x - h * 0.33, ground - h * 1.06, x + h * 0.33, ground - h * 0.96, h * 0.03, lid)
    c.circle(x - h * 0.2, ground - h * 0.05, h * 0.07, (30, 30, 30))


def paving(c, y0, y1, base, rng, vanish_x=800, mortar=None, x0=0, x1=None):
    """Brick pavers in simple perspective: rows get taller towards the viewer."""
    x1 = x1 if x1 is not None else c.w * c.ss / c.k
    mortar = mortar or mix(base, (60, 60, 60), 0.35)
    c.rect(x0, y0, x1, y1, base)
    y, row = y0, 0
    while y < y1:
        t = (y - y0) / max(1, (y1 - y0))
        hgt = 3 + t * 22
        wid = hgt * 2.1
        off = (row % 2) * wid / 2
        x = x0 - off
        while x < x1:
            c.rect(x + 0.5, y + 0.4, x + wid - 0.5, y + hgt - 0.4, jitter(base, rng, 9))
            x += wid
        c.line([(x0, y), (x1, y)], mortar + (140,), 0.35 + t * 0.6)
        y += hgt
        row += 1


# ---------------------------------------------------------------------------
# A terraced house seen from the front
# ---------------------------------------------------------------------------

BRICKS = [(146, 72, 52), (126, 64, 50), (164, 104, 70), (138, 84, 62)]
DOORS = [(196, 96, 34), (46, 92, 70), (44, 70, 118), (150, 40, 40), (222, 172, 44)]
CURTAINS = [(226, 216, 196), (190, 170, 140), (164, 60, 50), (210, 210, 214), (120, 140, 110)]


def terraced_row(c, x_start, n, width, ground, rng, scale=1.0, detail=True, roof=(64, 58, 58),
                 dormers=(), bins=True):
    """Draws n terraced houses side by side; returns the ground line per house."""
    grounds = []
    for i in range(n):
        x = x_start + i * width
        dy = 12 * scale if i % 2 else 0  # stepped facades, as in most woonerven
        g = ground + dy
        grounds.append(g)
        fac_top = g - 360 * scale
        roof_top = fac_top - 190 * scale
        brick = BRICKS[(i * 3 + 1) % len(BRICKS)]
        # roof
        rc = jitter(roof, rng, 4)
        c.poly([(x - 6 * scale, fac_top + 4 * scale), (x + width + 6 * scale, fac_top + 4 * scale),
                (x + width, roof_top), (x, roof_top)], rc)
        c.gradient(x - 6 * scale, roof_top, x + width + 6 * scale, fac_top + 4 * scale,
                   mix(rc, (150, 150, 160), 0.25), mix(rc, (0, 0, 0), 0.25),
                   poly=[(x - 6 * scale, fac_top + 4 * scale), (x + width + 6 * scale, fac_top + 4 * scale),
                         (x + width, roof_top), (x, roof_top)])
        if detail:
            yy = roof_top + 7 * scale
            while yy < fac_top:
                c.line([(x, yy), (x + width, yy)], (30, 26, 26, 110), 0.6 * scale)
                yy += 8 * scale
        c.rect(x, roof_top - 3 * scale, x + width, roof_top + 2 * scale, mix(rc, (0, 0, 0), 0.4))  # ridge
        if i in dormers:
            dx0, dx1 = x + width * 0.25, x + width * 0.75
            dtop = roof_top + 45 * scale
            dbot = fac_top - 25 * scale
            c.rect(dx0 - 5 * scale, dtop - 6 * scale, dx1 + 5 * scale, dtop, (240, 240, 236))
            c.rect(dx0, dtop, dx1, dbot, (92, 66, 48))
            window(c, dx0 + 12 * scale, dtop + 12 * scale, dx1 - 12 * scale, dbot - 10 * scale, rng,
                   panes=2, curtain=rng.choice(CURTAINS), scale=scale)
            c.soft("poly", [(dx0, dbot), (dx1 + 10 * scale, dbot), (dx1 + 16 * scale, dbot + 10 * scale),
                            (dx0 + 6 * scale, dbot + 10 * scale)], alpha=90, blur=4 * scale)
        if rng.random() < 0.6:
            vx = x + rng.uniform(0.15, 0.85) * width
            c.rect(vx, roof_top + 10 * scale, vx + 6 * scale, roof_top + 40 * scale, (150, 150, 150))
            c.rect(vx - 2 * scale, roof_top + 8 * scale, vx + 8 * scale, roof_top + 12 * scale, (90, 90, 90))
        # facade
        brickwork(c, x, fac_top, x + width, g, brick, rng, course=4.0 * scale, brick=13.6 * scale, detail=detail)
        # eaves shadow
        c.soft("poly", [(x, fac_top), (x + width, fac_top), (x + width, fac_top + 14 * scale), (x, fac_top + 14 * scale)],
               alpha=120, blur=6 * scale)
        c.rect(x - 6 * scale, fac_top, x + width + 6 * scale, fac_top + 6 * scale, (48, 44, 42))  # gutter
        # 1970s timber cladding between the floors
        wood = (84, 56, 38)
        c.rect(x + 15 * scale, g - 205 * scale, x + width - 15 * scale, g - 165 * scale, wood)
        if detail:
            px_ = x + 15 * scale
            while px_ < x + width - 15 * scale:
                c.line([(px_, g - 205 * scale), (px_, g - 165 * scale)], (50, 32, 22, 160), 0.6 * scale)
                px_ += 7 * scale
        # windows upstairs
        cur = rng.choice(CURTAINS)
        window(c, x + 25 * scale, fac_top + 40 * scale, x + width * 0.45, g - 210 * scale, rng, panes=2,
               curtain=cur, scale=scale)
        window(c, x + width * 0.55, fac_top + 40 * scale, x + width - 25 * scale, g - 210 * scale, rng, panes=2,
               curtain=rng.choice(CURTAINS), scale=scale)
        # living-room window and door downstairs
        window(c, x + 22 * scale, g - 158 * scale, x + width * 0.55, g - 30 * scale, rng, panes=3,
               curtain=cur, scale=scale)
        dx0, dx1 = x + width * 0.64, x + width * 0.84
        door = DOORS[(i * 2 + int(x)) % len(DOORS)]
        c.rect(dx0 - 5 * scale, g - 170 * scale, dx1 + 5 * scale, g, (236, 234, 228))
        c.rect(dx0, g - 164 * scale, dx1, g, door)
        c.gradient(dx0, g - 164 * scale, dx1, g, mix(door, (255, 255, 255), 0.12), mix(door, (0, 0, 0), 0.2),
                   horizontal=True)
        c.gradient(dx0 + 10 * scale, g - 150 * scale, dx1 - 10 * scale, g - 100 * scale, (150, 166, 182), (60, 68, 78))
        c.rect(dx0 + 8 * scale, g - 80 * scale, dx1 - 8 * scale, g - 76 * scale, (200, 190, 150))  # letterbox
        c.circle(dx1 - 8 * scale, g - 70 * scale, 2.5 * scale, (210, 200, 160))
        c.rect(dx1 + 10 * scale, g - 120 * scale, dx1 + 26 * scale, g - 104 * scale, (250, 250, 250))  # number
        c.text(dx1 + 18 * scale, g - 112 * scale, str(14 + 2 * i), 10 * scale, (40, 40, 40))
        c.soft("poly", [(dx0, g - 164 * scale), (dx1, g - 164 * scale), (dx1, g - 150 * scale), (dx0, g - 150 * scale)],
               alpha=110, blur=3 * scale)
        # downpipe on the party wall
        c.rect(x + width - 4 * scale, fac_top + 4 * scale, x + width + 1 * scale, g, (92, 96, 98))
        if dy:  # side wall of the stepped facade
            c.rect(x - 10 * scale, fac_top, x, g, mix(brick, (0, 0, 0), 0.4))
        if bins and rng.random() < 0.5:
            waste_bin(c, x + width * 0.92, g + 10 * scale, 48 * scale)
    return grounds


# ---------------------------------------------------------------------------
# Scenes
# ---------------------------------------------------------------------------

def scene_terraced(w, h):
    rng = random.Random(11)
    c = Canvas(w, h)
    sky(c, 620, rng=rng)
    for xx in range(40, 1600, 130):  # trees behind the row
        bare_tree(c, xx + rng.uniform(-30, 30), 520, rng.uniform(220, 320), rng, color=(132, 128, 130), depth=6)
    terraced_row(c, -60, 5, 345, 880, rng, dormers=(1, 3))
    c.rect(0, 890, 1600, 960, (118, 112, 104))  # footpath tiles
    for xx in range(0, 1600, 30):
        c.line([(xx, 890), (xx - 6, 960)], (90, 86, 80, 120), 0.5)
    hedge(c, -20, 150, 905, 32, rng)
    hedge(c, 330, 500, 917, 30, rng)
    hedge(c, 690, 840, 905, 34, rng)
    hedge(c, 1030, 1190, 917, 30, rng)
    hedge(c, 1380, 1540, 905, 32, rng)
    paving(c, 955, 1200, (136, 92, 78), rng)
    c.soft("poly", [(80, 1090), (260, 1075), (700, 1190), (500, 1200)], alpha=70, blur=12)  # tree shadow
    car(c, 1020, 1080, 430, (46, 70, 112))
    bicycle(c, 560, 995, 150, (30, 30, 34), rng)
    lamppost(c, 930, 1000, 360)
    person(c, 760, 1120, 250, (120, 44, 48), rng, hair=(190, 190, 196), bag=(60, 60, 64))
    dog(c, 840, 1122, 60)
    bare_tree(c, 170, 1100, 980, rng, color=(58, 48, 44), depth=9)
    c.soft("poly", [(0, 1150), (1600, 1150), (1600, 1200), (0, 1200)], alpha=60, blur=30)
    return c


def swing_set(c, x, ground, width, height, color=(184, 52, 44)):
    top = ground - height
    for px_ in (x, x + width):
        c.line([(px_ - height * 0.22, ground), (px_, top), (px_ + height * 0.22, ground)], color, 7, round_joints=True)
    c.line([(x, top), (x + width, top)], color, 8)
    for sx, sy in ((x + width * 0.28, ground - height * 0.25), (x + width * 0.7, ground - height * 0.28)):
        c.line([(sx - 14, top), (sx - 14, sy)], (70, 70, 70), 1.4)
        c.line([(sx + 14, top), (sx + 14, sy)], (70, 70, 70), 1.4)
        c.rrect(sx - 20, sy - 3, sx + 20, sy + 5, 2, (30, 30, 30))
        c.soft("ellipse", [(sx - 30, ground - 4), (sx + 40, ground + 6)], alpha=70, blur=5)


def slide(c, x, ground, size):
    s = size
    c.line([(x, ground), (x, ground - s * 0.6)], (120, 120, 126), 6)
    c.line([(x + s * 0.25, ground), (x + s * 0.25, ground - s * 0.6)], (120, 120, 126), 6)
    for i in range(1, 7):
        yy = ground - s * 0.6 * i / 7
        c.line([(x, yy), (x + s * 0.25, yy)], (120, 120, 126), 3)
    c.rect(x - 6, ground - s * 0.64, x + s * 0.32, ground - s * 0.6, (60, 120, 60))
    pts = [(x + s * 0.3, ground - s * 0.64), (x + s * 0.38, ground - s * 0.64), (x + s * 1.05, ground - s * 0.06),
           (x + s * 1.1, ground), (x + s * 0.98, ground), (x + s * 0.3, ground - s * 0.58)]
    c.poly(pts, (236, 188, 40))
    c.gradient(x + s * 0.3, ground - s * 0.64, x + s * 1.1, ground, (250, 214, 90), (196, 140, 20), poly=pts)
    c.soft("poly", [(x, ground), (x + s * 1.1, ground), (x + s * 1.2, ground + 12), (x + s * 0.1, ground + 12)],
           alpha=80, blur=6)


def climbing_frame(c, x, ground, size, rng):
    s = size
    wood = (150, 112, 72)
    c.soft("poly", [(x, ground), (x + s, ground), (x + s * 1.15, ground + 16), (x + s * 0.1, ground + 16)], alpha=80, blur=6)
    for px_ in (x, x + s * 0.5, x + s):
        c.rect(px_ - 6, ground - s * 0.9, px_ + 6, ground, jitter(wood, rng, 10))
    c.rect(x - 8, ground - s * 0.55, x + s + 8, ground - s * 0.5, wood)
    c.poly([(x - 20, ground - s * 0.9), (x + s * 0.5, ground - s * 1.2), (x + s + 20, ground - s * 0.9)], (40, 110, 150))
    c.poly([(x + s * 0.5, ground - s * 1.2), (x + s + 20, ground - s * 0.9), (x + s * 0.5, ground - s * 0.9)],
           (30, 84, 120))
    for i in range(6):
        yy = ground - s * 0.05 - i * s * 0.08
        c.line([(x + s * 0.5, yy), (x + s, yy - s * 0.02)], (90, 70, 50), 3)
    c.rect(x + s * 0.05, ground - s * 0.5, x + s * 0.45, ground - s * 0.42, (200, 60, 50))  # panel


def scene_playground(w, h):
    rng = random.Random(22)
    c = Canvas(w, h, ss=2 if w <= 2200 else 1)
    sky(c, 560, top=(128, 160, 196), rng=rng)
    for xx in range(0, 1600, 110):
        bare_tree(c, xx + rng.uniform(-20, 20), 470, rng.uniform(220, 330), rng, color=(104, 96, 92), depth=6)
    terraced_row(c, -30, 9, 190, 520, rng, scale=0.5, detail=False, bins=False)
    c.gradient(0, 520, 1600, 1200, (104, 128, 74), (72, 98, 52))  # grass
    for _ in range(2500):
        gx, gy = rng.uniform(0, 1600), rng.uniform(525, 1200)
        c.line([(gx, gy), (gx + rng.uniform(-2, 2), gy - (gy - 480) * 0.02)],
               jitter((90, 118, 62), rng, 20) + (160,), 0.6)
    # fence
    for fx in range(0, 1600, 24):
        c.line([(fx, 640), (fx, 582)], (40, 80, 56), 2.2)
    c.line([(0, 588), (1600, 588)], (40, 80, 56), 3)
    c.line([(0, 632), (1600, 632)], (40, 80, 56), 3)
    # rubber tiles and sand
    c.poly([(120, 1200), (430, 700), (1270, 700), (1600, 1010), (1600, 1200)], (170, 76, 62))
    for yy in range(700, 1200, 26):
        c.line([(0, yy), (1600, yy)], (130, 56, 46, 120), 0.8)
    c.ellipse(1040, 760, 1480, 880, (214, 196, 150))
    c.soft("ellipse", [(1040, 760), (1480, 880)], color=(160, 140, 100), alpha=60, blur=10)
    swing_set(c, 470, 900, 380, 300)
    slide(c, 960, 860, 300)
    climbing_frame(c, 1180, 820, 210, rng)
    evergreen(c, 80, 700, 170, 260, rng)
    evergreen(c, 1520, 690, 150, 220, rng)
    # bench and bin
    c.rect(150, 930, 380, 946, (130, 94, 60))
    c.rect(150, 900, 380, 912, (130, 94, 60))
    c.rect(165, 946, 175, 985, (60, 60, 60))
    c.rect(355, 946, 365, 985, (60, 60, 60))
    c.soft("poly", [(150, 985), (390, 985), (420, 1000), (170, 1000)], alpha=90, blur=6)
    waste_bin(c, 430, 990, 70, body=(60, 100, 70), lid=(50, 80, 60))
    person(c, 700, 1030, 140, (220, 160, 40), rng, trousers=(40, 60, 120), hair=(40, 28, 20))
    person(c, 860, 1060, 120, (60, 140, 180), rng, trousers=(60, 60, 70), hair=(150, 100, 50), skin=(150, 104, 76))
    person(c, 260, 1110, 300, (70, 80, 96), rng, hair=(30, 22, 18), skin=(176, 128, 96))
    # a little litter
    for _ in range(7):
        lx, ly = rng.uniform(200, 1400), rng.uniform(980, 1180)
        c.rect(lx, ly, lx + rng.uniform(6, 14), ly + rng.uniform(3, 6), rng.choice([(230, 230, 230), (200, 40, 40), (40, 90, 200)]))
    return c


def scene_green_strip(w, h):
    rng = random.Random(33)
    c = Canvas(w, h)
    sky(c, 640, top=(98, 136, 184), bottom=(222, 220, 214), clouds=7, rng=rng)
    terraced_row(c, -40, 14, 120, 560, rng, scale=0.32, detail=False, bins=False, roof=(80, 70, 66))
    for xx in range(-20, 1620, 70):
        bare_tree(c, xx + rng.uniform(-20, 20), 575, rng.uniform(250, 380), rng, color=(92, 84, 80), depth=7)
    for xx in (260, 720, 1290):
        evergreen(c, xx, 590, 110, 190, rng, base=(40, 70, 48))
    c.gradient(0, 560, 1600, 640, (112, 128, 80), (98, 118, 70))  # far bank
    # water of the maar, with a blurred reflection of the far bank
    water_top, water_bot = 640, 860
    c.gradient(0, water_top, 1600, water_bot, (120, 138, 150), (70, 90, 100))
    top = c.img.crop((0, int(c.s(380)), c.img.width, int(c.s(water_top))))
    refl = top.transpose(Image.Transpose.FLIP_TOP_BOTTOM).filter(ImageFilter.GaussianBlur(c.s(3)))
    refl = refl.resize((refl.width, int(c.s(water_bot - water_top))))
    c.img.paste(refl, (0, int(c.s(water_top))), Image.new("L", refl.size, 105))
    for _ in range(260):
        yy = rng.uniform(water_top + 5, water_bot)
        xx = rng.uniform(0, 1600)
        ln = rng.uniform(20, 90) * (0.5 + (yy - water_top) / 220)
        c.line([(xx, yy), (xx + ln, yy)], (230, 236, 240, rng.randint(40, 110)), 0.8)
    # reeds
    for _ in range(500):
        rx = rng.uniform(0, 1600)
        for yb, hmax in ((645, 40), (862, 90)):
            if rng.random() < 0.5:
                c.line([(rx, yb), (rx + rng.uniform(-8, 8), yb - rng.uniform(15, hmax))],
                       jitter((160, 130, 80), rng, 25) + (200,), 1.0)
    # near bank, footpath, bench
    c.gradient(0, 860, 1600, 1200, (96, 122, 66), (62, 88, 46))
    for _ in range(3000):
        gx, gy = rng.uniform(0, 1600), rng.uniform(865, 1200)
        c.line([(gx, gy), (gx + rng.uniform(-3, 3), gy - rng.uniform(4, 12))], jitter((84, 112, 60), rng, 22) + (150,), 0.7)
    path = [(560, 1200), (830, 920), (1000, 905), (1600, 1010), (1600, 1110), (1050, 960), (960, 975), (780, 1200)]
    c.poly(path, (150, 146, 140))
    c.gradient(560, 905, 1600, 1200, (170, 166, 160), (120, 116, 110), poly=path)
    c.rect(1210, 940, 1420, 954, (120, 86, 56))
    c.rect(1210, 915, 1420, 927, (120, 86, 56))
    c.rect(1222, 954, 1232, 985, (70, 70, 70))
    c.rect(1398, 954, 1408, 985, (70, 70, 70))
    c.soft("poly", [(1215, 985), (1430, 985), (1460, 996), (1235, 996)], alpha=90, blur=6)
    # ducks
    for dx, dy in ((420, 760), (470, 772), (1110, 700)):
        c.ellipse(dx - 16, dy - 6, dx + 16, dy + 6, (90, 70, 50))
        c.circle(dx + 14, dy - 10, 6, (30, 80, 50))
        c.line([(dx + 19, dy - 10), (dx + 26, dy - 9)], (220, 170, 40), 2)
        c.line([(dx - 20, dy + 8), (dx + 22, dy + 8)], (220, 230, 236, 90), 0.8)
    person(c, 900, 1000, 170, (40, 90, 60), rng, trousers=(60, 60, 60), hair=(120, 80, 40))
    dog(c, 960, 1002, 45, color=(30, 30, 30))
    bare_tree(c, 250, 1160, 1000, rng, color=(54, 46, 42), depth=9, leaves=[(190, 120, 50), (160, 90, 40)])
    lamppost(c, 1500, 1060, 420)
    return c


def shop(c, x0, x1, top, ground, name, sign, rng, empty=False):
    c.rect(x0, top, x1, ground, (60, 50, 44))
    if empty:
        c.gradient(x0 + 8, top + 8, x1 - 8, ground - 4, (196, 190, 174), (170, 164, 150))
        c.rect(x0 + 40, top + 40, x1 - 40, top + 120, (250, 250, 250))
        c.text((x0 + x1) / 2, top + 68, "TE HUUR", 30, (200, 30, 30))
        c.text((x0 + x1) / 2, top + 100, "winkelruimte 120 m²", 14, (40, 40, 40), weight="regular")
    else:
        c.gradient(x0 + 8, top + 8, x1 - 8, ground - 4, (168, 180, 190), (64, 70, 76))
        # shelves and lights inside
        for yy in range(int(top + 60), int(ground - 20), 40):
            c.rect(x0 + 20, yy, x1 - 20, yy + 6, (236, 226, 200, 120))
        for xx in range(int(x0 + 40), int(x1 - 20), 60):
            c.rect(xx, top + 30, xx + 24, top + 36, (255, 250, 220, 200))
        c.poly([(x0 + 30, top + 8), (x0 + 110, top + 8), (x0 + 40, ground - 4), (x0 + 8, ground - 4)], (255, 255, 255, 30))
        c.rect((x0 + x1) / 2 - 45, top + 70, (x0 + x1) / 2 + 45, ground, (40, 44, 48, 200))  # door
    c.rect(x0 - 2, top - 70, x1 + 2, top - 10, sign)
    c.text((x0 + x1) / 2, top - 40, name, 30, (255, 255, 255) if sum(sign) < 500 else (30, 30, 30))


def scene_shops(w, h):
    rng = random.Random(44)
    c = Canvas(w, h, ss=2)
    sky(c, 520, top=(120, 150, 186), rng=rng)
    for xx in range(0, 1600, 90):
        bare_tree(c, xx, 430, rng.uniform(160, 240), rng, color=(134, 130, 132), depth=6)
    # flat-roofed shopping centre
    c.rect(0, 300, 1600, 420, (150, 90, 64))
    brickwork(c, 0, 300, 1600, 420, (150, 86, 60), rng, course=4, brick=13.6)
    c.rect(0, 288, 1600, 306, (70, 52, 40))
    c.rect(0, 420, 1600, 470, (80, 56, 40))  # timber fascia of the canopy
    for xx in range(0, 1600, 8):
        c.line([(xx, 420), (xx, 470)], (52, 34, 24, 150), 0.6)
    c.soft("poly", [(0, 470), (1600, 470), (1600, 520), (0, 520)], alpha=150, blur=14)
    shops = [(20, 380, "SUPERMARKT", (200, 40, 36)), (400, 700, "BAKKER", (240, 228, 200)),
             (720, 1000, "", (230, 230, 230)), (1020, 1300, "APOTHEEK", (40, 140, 80)),
             (1320, 1600, "SNACKBAR", (230, 190, 40))]
    for x0, x1, name, sign in shops:
        shop(c, x0, x1, 560, 900, name, sign, rng, empty=(name == ""))
    for x0, x1, _, _ in shops:
        c.rect(x1, 470, x1 + 20, 900, (146, 88, 62))
        brickwork(c, x1, 470, x1 + 20, 900, (146, 84, 58), rng)
    c.rect(0, 470, 20, 900, (146, 88, 62))
    # paving
    c.gradient(0, 900, 1600, 1200, (168, 164, 156), (132, 128, 122))
    for yy in (930, 970, 1020, 1080, 1150):
        c.line([(0, yy), (1600, yy)], (100, 98, 94, 140), 1)
    for xx in range(-400, 2000, 60):
        c.line([(800 + (xx - 800) * 0.55, 900), (xx, 1200)], (100, 98, 94, 110), 0.8)
    # bike racks with bikes
    c.line([(300, 1020), (900, 1020)], (120, 124, 128), 4)
    for i, bx in enumerate(range(300, 900, 110)):
        bicycle(c, bx, 1060, 150, rng.choice([(30, 30, 34), (120, 30, 30), (40, 70, 120), (200, 200, 200)]), rng)
    waste_bin(c, 1160, 1010, 90, body=(90, 96, 100), lid=(60, 64, 68))
    lamppost(c, 1010, 1080, 520, color=(70, 72, 76))
    person(c, 1320, 1110, 300, (180, 150, 110), rng, hair=(200, 200, 200), bag=(200, 40, 40))
    person(c, 1450, 1070, 280, (40, 40, 50), rng, hair=(20, 16, 14), skin=(120, 84, 60), bag=(230, 230, 230))
    person(c, 150, 1150, 320, (96, 120, 60), rng, hair=(170, 120, 60))
    # poster on the empty shop
    c.rect(760, 700, 840, 800, (250, 240, 120))
    c.text(800, 730, "Burendag", 12, (40, 40, 40))
    c.text(800, 752, "za 28 sep", 10, (40, 40, 40), weight="regular")
    return c


def scene_community_centre(w, h):
    """Portrait scene (design 1200 x 1600) of the wijkcentrum with its big roof."""
    rng = random.Random(55)
    c = Canvas(w, h, design_w=1200)
    sky(c, 900, top=(104, 140, 186), bottom=(220, 222, 224), clouds=4, rng=rng)
    for xx in range(0, 1200, 100):
        bare_tree(c, xx + rng.uniform(-20, 20), 760, rng.uniform(300, 420), rng, color=(100, 92, 88), depth=7)
    # the big sloping roof reminds of the farm that stood here
    roof = [(-40, 980), (600, 430), (1240, 980)]
    c.poly(roof, (70, 62, 60))
    c.gradient(-40, 430, 1240, 980, (110, 100, 98), (50, 44, 44), poly=roof)
    for i in range(1, 40):
        t = i / 40
        y = 430 + t * 550
        xl = 600 - t * 640
        xr = 600 + t * 640
        c.line([(xl, y), (xr, y)], (36, 30, 30, 110), 0.7)
    c.line([(-40, 980), (600, 430), (1240, 980)], (40, 36, 36), 6)
    # skylight
    c.poly([(540, 560), (660, 560), (690, 640), (510, 640)], (120, 140, 160))
    c.gradient(510, 560, 690, 640, (170, 186, 200), (80, 96, 110), poly=[(540, 560), (660, 560), (690, 640), (510, 640)])
    # low walls and entrance
    brickwork(c, 0, 980, 1200, 1330, (132, 70, 52), rng)
    c.soft("poly", [(0, 980), (1200, 980), (1200, 1010), (0, 1010)], alpha=150, blur=10)
    c.rect(-10, 972, 1210, 986, (46, 42, 40))
    window(c, 60, 1040, 330, 1240, rng, frame=(60, 60, 62), panes=3, curtain=None)
    window(c, 870, 1040, 1140, 1240, rng, frame=(60, 60, 62), panes=3, curtain=None)
    # glass entrance
    c.rect(430, 1000, 770, 1330, (54, 56, 60))
    c.gradient(440, 1010, 760, 1330, (180, 196, 210), (70, 80, 90))
    c.rect(595, 1010, 605, 1330, (54, 56, 60))
    c.poly([(470, 1010), (540, 1010), (460, 1330), (440, 1330)], (255, 255, 255, 40))
    for xx in (560, 640):
        c.rect(xx, 1150, xx + 6, 1220, (200, 200, 200))
    # sign above the entrance
    c.rect(380, 880, 820, 960, (250, 248, 240))
    c.rect(380, 880, 820, 890, (214, 90, 40))
    c.text(600, 915, "WIJKCENTRUM", 34, (40, 40, 44))
    c.text(600, 945, "Het Trefpunt", 22, (214, 90, 40))
    c.soft("poly", [(380, 960), (820, 960), (830, 975), (390, 975)], alpha=100, blur=4)
    # notice board with posters
    c.rect(880, 1250, 1100, 1420, (80, 60, 44))
    c.rect(892, 1262, 1088, 1408, (200, 180, 140))
    posters = [((900, 1270, 980, 1340), (250, 240, 110), "Repair\nCafé"), ((990, 1270, 1080, 1330), (120, 190, 230), "Koffie-\nochtend"),
               ((900, 1348, 990, 1400), (240, 150, 150), "Kleding-\nruil"), ((1000, 1340, 1080, 1400), (250, 250, 250), "Buurt-\nbudget")]
    for (a, b, cc, d), col, txt in posters:
        c.rect(a, b, cc, d, col)
        for j, part in enumerate(txt.split("\n")):
            c.text((a + cc) / 2, b + 18 + j * 16, part, 12, (40, 40, 40))
    c.rect(980, 1420, 992, 1480, (60, 50, 40))
    # pavement, bikes, planters
    c.gradient(0, 1330, 1200, 1600, (170, 164, 156), (126, 120, 114))
    for yy in range(1340, 1600, 30):
        c.line([(0, yy), (1200, yy)], (110, 106, 100, 120), 0.7)
    bicycle(c, 80, 1470, 200, (150, 30, 40), rng)
    bicycle(c, 210, 1490, 200, (30, 30, 34), rng)
    evergreen(c, 400, 1380, 110, 80, rng)
    evergreen(c, 800, 1380, 110, 80, rng)
    person(c, 640, 1520, 330, (70, 40, 90), rng, hair=(90, 60, 40), skin=(210, 170, 140), bag=(180, 160, 120))
    return c


def scene_bus_stop(w, h):
    rng = random.Random(66)
    c = Canvas(w, h, ss=2)
    vx, vy = 820, 560  # vanishing point
    sky(c, 620, top=(120, 152, 190), rng=rng)
    terraced_row(c, 900, 7, 130, 560, rng, scale=0.36, detail=False, bins=False)
    for xx in range(-20, 900, 80):
        bare_tree(c, xx, 580, rng.uniform(220, 340), rng, color=(112, 106, 104), depth=7)
    c.gradient(0, 560, 1600, 1200, (100, 124, 70), (70, 96, 50))  # verge
    road = [(vx - 10, vy), (vx + 10, vy), (1650, 1200), (700, 1200)]
    c.poly(road, (78, 80, 84))
    c.gradient(vx - 10, vy, 1650, 1200, (120, 122, 126), (66, 68, 72), poly=road)
    for i in range(10):  # dashed centre line
        t0 = (i + 0.1) / 10
        t1 = t0 + 0.045
        p0 = (vx + (1175 - vx) * t0 ** 1.6, vy + (1200 - vy) * t0 ** 1.6)
        p1 = (vx + (1175 - vx) * t1 ** 1.6, vy + (1200 - vy) * t1 ** 1.6)
        c.line([p0, p1], (236, 236, 230), 1 + 8 * t0)
    bike = [(vx - 18, vy), (vx - 12, vy), (640, 1200), (300, 1200)]
    c.poly(bike, (150, 70, 62))  # the red asphalt of a Dutch fietspad
    c.gradient(vx - 18, vy, 640, 1200, (176, 96, 86), (128, 54, 46), poly=bike)
    c.line([(vx - 16, vy), (300, 1200)], (230, 230, 226, 160), 3)
    # bus shelter on the strip between road and bicycle path
    sx0, sx1, sy0, sy1 = 1130, 1480, 560, 930
    c.soft("poly", [(sx0, sy1), (sx1, sy1), (sx1 + 80, sy1 + 40), (sx0 + 60, sy1 + 40)], alpha=110, blur=10)
    c.rect(sx0 - 10, sy0 - 30, sx1 + 20, sy0, (60, 64, 70))
    for xx in (sx0, sx0 + 175, sx1):
        c.rect(xx - 6, sy0, xx + 6, sy1, (70, 74, 80))
    c.rect(sx0 + 6, sy0 + 10, sx1 - 6, sy1 - 40, (190, 210, 220, 70))
    c.rect(sx0 + 190, sy0 + 30, sx1 - 20, sy1 - 60, (240, 240, 236))  # advert
    c.gradient(sx0 + 196, sy0 + 36, sx1 - 26, sy1 - 66, (90, 150, 200), (30, 70, 120))
    c.text((sx0 + 175 + sx1) / 2, sy0 + 120, "Samen", 30, (255, 255, 255))
    c.text((sx0 + 175 + sx1) / 2, sy0 + 160, "in de wijk", 24, (255, 255, 255), weight="regular")
    c.rect(sx0 + 20, sy1 - 110, sx0 + 160, sy1 - 96, (120, 90, 60))  # bench
    c.rect(sx0 + 30, sy1 - 96, sx0 + 36, sy1 - 40, (50, 50, 50))
    c.rect(sx0 + 144, sy1 - 96, sx0 + 150, sy1 - 40, (50, 50, 50))
    # bus stop pole
    c.rect(1050, 470, 1060, 960, (200, 200, 204))
    c.rrect(1000, 440, 1110, 540, 10, (250, 214, 0))
    c.text(1055, 478, "H", 56, (30, 30, 30))
    c.text(1055, 522, "bushalte", 15, (30, 30, 30))
    c.rect(1010, 560, 1100, 640, (250, 250, 250))
    for j in range(5):
        c.rect(1018, 572 + j * 13, 1092 - (j % 3) * 12, 578 + j * 13, (80, 80, 80))
    # cyclist on the bicycle path: sitting on the saddle, hands on the handlebar
    bicycle(c, 420, 1080, 230, (40, 40, 44), rng)
    c.rect(396, 950, 458, 980, (40, 100, 160))  # school bag on the carrier
    hip, shoulder = (474, 948), (506, 842)
    c.line([hip, (500, 1000), (489, 1040)], (40, 40, 60), 15, round_joints=True)
    c.line([hip, (486, 990), (470, 1030)], (30, 30, 46), 15, round_joints=True)
    c.line([hip, shoulder], (200, 60, 40), 38, round_joints=True)
    c.line([(shoulder[0] + 4, shoulder[1] + 8), (532, 900), (524, 936)], (186, 52, 34), 12, round_joints=True)
    c.circle(516, 806, 22, (220, 182, 150))
    c.ellipse(492, 776, 542, 806, (240, 240, 240))  # helmet
    lamppost(c, 720, 1000, 460, color=(140, 140, 146))
    evergreen(c, 1560, 960, 160, 220, rng)
    return c


# ---------------------------------------------------------------------------
# The transparent PNG: our design for the sign of the buurtkamer
# ---------------------------------------------------------------------------

def buurtkamer_sign():
    W, H = 1400, 1000
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).rounded_rectangle([90, 110, W - 60, H - 70], 60, fill=120)
    shadow = shadow.filter(ImageFilter.GaussianBlur(28))
    img.paste(Image.new("RGBA", (W, H), (40, 30, 20, 255)), (0, 0), shadow)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([60, 60, W - 100, H - 120], 56, fill=(250, 190, 70, 255), outline=(120, 70, 30, 255), width=10)
    d.rounded_rectangle([90, 90, W - 130, H - 150], 40, outline=(255, 236, 190, 255), width=4)
    # house with a heart above the door
    hx = 300
    d.polygon([(hx - 170, 380), (hx, 220), (hx + 170, 380)], fill=(176, 64, 44, 255))
    d.rectangle([hx - 130, 380, hx + 130, 580], fill=(255, 248, 232, 255))
    d.rectangle([hx - 38, 480, hx + 38, 580], fill=(90, 120, 80, 255))
    r = 26
    top = 400
    d.ellipse([hx - 2 * r, top, hx, top + 2 * r], fill=(214, 60, 60, 255))
    d.ellipse([hx, top, hx + 2 * r, top + 2 * r], fill=(214, 60, 60, 255))
    d.polygon([(hx - 2 * r + 2, top + r + 8), (hx + 2 * r - 2, top + r + 8), (hx, top + 3.1 * r)],
              fill=(214, 60, 60, 255))
    # steaming cup
    cx, cy = 290, 740
    d.rounded_rectangle([cx - 70, cy - 40, cx + 50, cy + 50], 18, fill=(255, 255, 255, 255))
    d.arc([cx + 30, cy - 20, cx + 90, cy + 30], -90, 90, fill=(255, 255, 255, 255), width=14)
    for sx in (cx - 40, cx - 10, cx + 20):
        d.arc([sx - 12, cy - 110, sx + 12, cy - 56], 90, 270, fill=(255, 255, 255, 200), width=6)
    x0, right = 540, W - 150

    def fitted(text, size, weight):
        f = font(size, weight)
        while d.textlength(text, font=f) > right - x0 and size > 10:
            size -= 2
            f = font(size, weight)
        return f

    d.text((x0, 250), "Buurtkamer", font=fitted("Buurtkamer", 140, "bold"), fill=(70, 40, 20, 255))
    d.text((x0 + 4, 430), "Beijum-Oost", font=fitted("Beijum-Oost", 80, "regular"), fill=(120, 60, 30, 255))
    for y, text, weight, color in ((570, "koffie · ontmoeting · samen eten", "regular", (70, 40, 20, 255)),
                                   (650, "di en do 10.00–12.00 uur", "regular", (70, 40, 20, 255)),
                                   (730, "iedereen welkom", "bold", (176, 64, 44, 255))):
        d.text((x0 + 4, y), text, font=fitted(text, 46, weight), fill=color)
    return img


# ---------------------------------------------------------------------------

def save_jpeg(img, name, taken, orientation=None):
    exif = img.getexif()
    exif[0x010F] = "wijkverslag"                # Make
    exif[0x0110] = "teken.py (getekend)"        # Model
    exif[0x0131] = "wijkverslag teken.py"       # Software
    exif[0x0132] = taken                        # DateTime
    if orientation:
        exif[0x0112] = orientation
    img.save(HERE / name, "JPEG", quality=88, exif=exif, optimize=True)


def main():
    jobs = [
        ("rijtjeshuizen.jpg", scene_terraced, (4032, 3024), "2019:12:03 14:08:12"),
        ("speeltuin.jpg", scene_playground, (2048, 1536), "2019:12:03 14:31:40"),
        ("groenstrook.jpg", scene_green_strip, (4032, 3024), "2019:12:03 14:52:03"),
        ("winkelcentrum.jpg", scene_shops, (1600, 1200), "2019:12:03 13:41:55"),
        ("bushalte.jpg", scene_bus_stop, (1920, 1440), "2019:12:03 15:37:20"),
    ]
    for i, (name, scene, (w, h), taken) in enumerate(jobs):
        img = scene(w, h).finish(seed=100 + i)
        save_jpeg(img, name, taken)
        print(name, img.size)
    # Portrait photo taken with the phone held upright: stored as landscape
    # pixels plus EXIF orientation 6 ("rotate 90 degrees clockwise to view").
    upright = scene_community_centre(3024, 4032).finish(seed=200)
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    save_jpeg(stored, "wijkcentrum.jpg", "2019:12:03 15:15:47", orientation=6)
    print("wijkcentrum.jpg", stored.size, "orientation 6")
    sign = buurtkamer_sign()
    sign.save(HERE / "buurtkamer-bord.png", optimize=True)
    print("buurtkamer-bord.png", sign.size)


if __name__ == "__main__":
    main()
