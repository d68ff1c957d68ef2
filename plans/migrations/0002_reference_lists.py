"""Load SNIA's 11 programmes, the 17 SDGs, the migration-related SDG targets, the suggested
programme → target reading, and the projects' thematic areas (fr/ar/en).

The lists are frozen beside this migration, in `0002_reference_lists.json`, so replaying it
later loads the same rows whatever the code has become; it only adds rows that are missing, so
an admin's corrections are kept. Later changes to the lists come in migrations of their own.

The Arabic names of the SNIA objectives and programmes are an unofficial translation (no
official Arabic names were found). The SDG goal short titles are the official UN ones in each
language; targets have no official short title, so target labels are short paraphrases and
target texts paraphrase the official wording (A/RES/70/1). ``confirmed=True`` means the
programme's name and number were read in a named source (the checked reference snia-sdg.md);
``confirmed=False`` means part of it is recalled and must be checked against the SNIA document.
"""

import json
from pathlib import Path
from types import SimpleNamespace

from django.db import migrations

FROZEN_LISTS = Path(__file__).with_suffix(".json")

THEMATIC_AREAS = [
    ("protection", "Protection", "الحماية", "Protection", 1),
    ("health", "Santé", "الصحة", "Health", 2),
    ("mhpss", "Santé mentale et soutien psychosocial", "الصحة النفسية والدعم النفسي والاجتماعي",
     "Mental health and psychosocial support", 3),
    ("reception", "Accueil et hébergement", "الاستقبال والإيواء", "Reception and shelter", 4),
    ("reintegration", "Réintégration", "إعادة الإدماج", "Reintegration", 5),
    ("livelihoods", "Formation et moyens de subsistance", "التكوين وسبل العيش",
     "Vocational training and livelihoods", 6),
    ("governance", "Gouvernance des migrations", "حكامة الهجرة", "Migration governance", 7),
    ("data", "Données et recherche", "البيانات والبحث", "Data and research", 8),
]


def load(apps, schema_editor):
    data = SimpleNamespace(**json.loads(FROZEN_LISTS.read_text(encoding="utf-8")))

    programme_model = apps.get_model("plans", "SniaProgramme")
    goal_model = apps.get_model("plans", "SdgGoal")
    target_model = apps.get_model("plans", "SdgTarget")
    theme_model = apps.get_model("plans", "ThematicArea")

    for row in data.SNIA_PROGRAMMES:
        programme_model.objects.get_or_create(
            code=row["code"],
            defaults={
                "number": row["number"],
                "kind": row["kind"],
                "name_fr": row["name_fr"],
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "is_confirmed": row["confirmed"],
                "source_note": row["note_en"][:200],
            },
        )
    goals = {}
    for row in data.SDG_GOALS:
        goals[row["number"]], _ = goal_model.objects.get_or_create(
            number=row["number"],
            defaults={key: row[key] for key in ("name_fr", "name_ar", "name_en")},
        )
    for order, row in enumerate(data.SDG_TARGETS, start=1):
        target_model.objects.get_or_create(
            code=row["code"],
            defaults={
                "goal": goals[row["goal"]],
                "order": order,
                **{
                    key: row[key]
                    for key in ("label_fr", "label_ar", "label_en", "text_fr", "text_ar", "text_en")
                },
                "indicators": row["indicators"][:300],
            },
        )
    for code, targets in data.SUGGESTED_ALIGNMENT.items():
        programme = programme_model.objects.get(code=code)
        programme.suggested_targets.add(*target_model.objects.filter(code__in=targets))
    for code, name_fr, name_ar, name_en, order in THEMATIC_AREAS:
        theme_model.objects.get_or_create(
            code=code,
            defaults={"name_fr": name_fr, "name_ar": name_ar, "name_en": name_en, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
