#!/usr/bin/env python3
"""Writes a CSV of N pre-reform addresses (id,address) in the writing styles people use, drawn with a
fixed seed from the shipped legacy units, for the bulk-conversion benchmark."""
import csv
import random
import sys
import unicodedata
from pathlib import Path

def strip_marks(text):
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c))

ABBREV = {"Xã": "X.", "Phường": "P.", "Thị trấn": "TT.", "Huyện": "H.", "Quận": "Q.", "Thị xã": "TX.",
          "Thành phố": "TP.", "Tỉnh": "T."}
BELOW = ["Số 12, Đường Lê Lợi", "Thôn 3", "Ấp Bình Thạnh", "Tổ 5, Khu phố 2", "Số 7 ngõ 45 phố Hàng Bạc",
         "Xóm Đồng", "123/4 Nguyễn Trãi", "Tổ dân phố Tân Tiến"]

def abbreviate(name):
    for word, short in ABBREV.items():
        if name.startswith(word + " "):
            return short + " " + name[len(word) + 1:]
    return name

def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    root = Path(__file__).resolve().parent.parent / "Sources/ReferenceData/geography"
    rows = list(csv.DictReader(open(root / "units-legacy.csv", encoding="utf-8")))
    by_code = {(r["level"], r["code"]): r for r in rows}
    communes = [r for r in rows if r["level"] == "commune"]
    rng = random.Random(20250701)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "address"])
    for i in range(count):
        c = rng.choice(communes)
        d = by_code[("district", c["parent_code"])]
        p = by_code[("province", c["province_code"])]
        parts = [rng.choice(BELOW), c["name"], d["name"], p["name"]]
        style = i % 5
        if style == 1:
            parts = [strip_marks(x) for x in parts]
        elif style == 2:
            parts = [parts[0]] + [abbreviate(x) for x in parts[1:]]
        elif style == 3:
            parts = [x.lower() for x in parts]
        elif style == 4:
            parts = [x.upper() for x in parts]
        out.writerow([i + 1, ", ".join(parts)])

main()
