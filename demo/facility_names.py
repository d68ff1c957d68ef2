"""The demonstration facilities' names in Arabic and English, by code (from demo/data).

The names are given with each facility in facilities.toml. Every facility the demo publishes has
both; the unpublished ones (DEMO-0008, DEMO-0023, DEMO-0040) have none, as staff would name a place
only once it is ready to be shown.
"""

from .data import load

# code: (Arabic name, English name)
DEMO_NAMES = {
    row["code"]: (row.get("name_ar", ""), row.get("name_en", ""))
    for row in load("facilities")["facilities"]
    if "name_ar" in row or "name_en" in row
}
