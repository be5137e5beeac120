"""tests/scenario/vgatext.py - read the VGA text screen out of a QEMU
screendump, without knowing the font.

In 80x25 text mode QEMU draws 720x400 pixels: 9x16 per character cell.
A cell's glyph is the set of pixels that differ from the background.

- predict_screen(text) plays console output through a model of porthole's
  VGA console (drivers/vga.c: \\n, \\r, \\b, tab, wrap at 80, scroll) and
  returns the 25 rows it should show, and the cursor; predict(text) also
  the number of times it scrolled.
- learn_font(cells, rows) maps glyph -> character from a screen whose text
  is known, and lists every inconsistency (one character drawn two ways,
  two characters drawn alike): a screen that shows anything else than the
  predicted text, in any cell, is caught that way.
- decode(cells, font) reads another screen with a learned font.
"""

COLS, ROWS = 80, 25
CELL_W, CELL_H = 9, 16
TAB = 8


def read_ppm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P6":
        raise ValueError("not a binary PPM: %r" % fields[0])
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos:pos + w * h * 3]


def cells(path):
    """The screen's 25x80 glyphs (bytes of 0/1 per pixel), row by row."""
    w, h, px = read_ppm(path)
    if (w, h) != (COLS * CELL_W, ROWS * CELL_H):
        raise ValueError("screen is %dx%d, not 720x400 text mode" % (w, h))
    bg = px[0:3]
    out = []
    for r in range(ROWS):
        row = []
        for c in range(COLS):
            bits = bytearray()
            for y in range(r * CELL_H, (r + 1) * CELL_H):
                base = (y * w + c * CELL_W) * 3
                for x in range(CELL_W):
                    bits.append(px[base + 3 * x:base + 3 * x + 3] != bg)
            row.append(bytes(bits))
        out.append(row)
    return out


def predict_screen(text):
    """Rows (strings of 80) and the cursor (row, col) after text is printed
    on a cleared screen."""
    rows, cursor, _ = predict(text)
    return rows, cursor


def predict(text):
    """predict_screen's rows and cursor, and how many lines scrolled off."""
    screen = [[" "] * COLS for _ in range(ROWS)]
    r = c = scrolls = 0

    def newline():
        nonlocal r, c, scrolls
        c = 0
        r += 1
        if r == ROWS:
            screen.pop(0)
            screen.append([" "] * COLS)
            r = ROWS - 1
            scrolls += 1

    for ch in text:
        if ch == "\n":
            newline()
        elif ch == "\r":
            c = 0
        elif ch == "\b":
            c = max(c - 1, 0)
        elif ch == "\t":
            c = (c // TAB + 1) * TAB
            if c >= COLS:
                newline()
        else:
            screen[r][c] = ch
            c += 1
            if c == COLS:
                newline()
    return ["".join(row) for row in screen], (r, c), scrolls


def learn_font(glyphs, rows, cursor=None):
    """Glyph -> character from a screen showing rows; the cursor cell is
    left out (the blinking cursor may be drawn there). Returns (font,
    errors)."""
    font, seen, errors = {}, {}, []
    for r in range(ROWS):
        for c in range(COLS):
            if (r, c) == cursor:
                continue
            ch, g = rows[r][c], glyphs[r][c]
            if ch == " " and any(g):
                errors.append("cell %d,%d should be blank" % (r, c))
                continue
            if ch in seen and seen[ch] != g:
                errors.append("cell %d,%d: '%s' drawn differently than at %s"
                              % (r, c, ch, seen[ch + "@"]))
                continue
            if g in font and font[g] != ch:
                errors.append("cell %d,%d: '%s' looks like '%s'"
                              % (r, c, ch, font[g]))
                continue
            if ch != " " and not any(g):
                errors.append("cell %d,%d: '%s' is blank" % (r, c, ch))
                continue
            seen[ch], seen[ch + "@"] = g, "%d,%d" % (r, c)
            font[g] = ch
    return font, errors


def decode(glyphs, font):
    """The screen's rows as text; '?' for a glyph the font does not know,
    ' ' for a blank cell."""
    return ["".join(" " if not any(g) else font.get(g, "?") for g in row)
            for row in glyphs]
