"""Valid synthetic content for the scale benchmark (issue 10, "The benchmark" part b).

`add_services(project, n)` appends ``n`` services to a COPY of the project
(``content/data/services.yml`` and the three ``content/<lang>/services.yml``), spread over
every non-hotline category, every Kyrgyz town of ``places.yml`` (so every region page and the
map get entries) and every region as ``service_area``; with one synthetic organization per
`PER_ORGANIZATION` services, which runs every synthetic service but the shelters (so the
organizations page grows too, as it would with real data).  Texts exist in ky, ru and en, carry no
phone number, street or URL, and cite the existing ``tip-2008`` source, so the strict build
accepts them.  Never run it on the real project: it refuses a folder holding ``.git``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# Categories that need no phone or foreign location (hotlines and consulates carry numbers).
CATEGORIES = ("shelter", "legal_aid", "medical", "psychological", "migration_office", "ngo",
              "international_organization")
PER_ORGANIZATION = 10
REGIONS = ("KG-B", "KG-C", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y", "KG-GB", "KG-GO")
TEXTS = {
    "ky": ("Сынамык кызмат {i}", "Сынамык жазуу {i}: мигранттарга жана алардын үй-бүлөлөрүнө кеңеш берет,"
           " документтер жана укуктар боюнча жардамдашат."),
    "ru": ("Тестовая служба {i}", "Тестовая запись {i}: консультирует мигрантов и их семьи, помогает с"
           " документами и правами."),
    "en": ("Synthetic service {i}", "Synthetic entry {i}: advises migrants and their families and helps with"
           " documents and rights."),
}
ORG_TEXTS = {
    "ky": ("Сынамык уюм {i}", "Сынамык уюм {i}: мигранттарга жардам берген бейөкмөт уюм."),
    "ru": ("Тестовая организация {i}", "Тестовая организация {i}: некоммерческая организация, помогающая мигрантам."),
    "en": ("Synthetic organization {i}", "Synthetic organization {i}: a non-profit that helps migrants."),
}


def _append(path: Path, records) -> None:
    """Append YAML records (a list or a mapping) under the file's top-level key, indented by two spaces."""
    block = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000).replace("'2008-02-29'", "2008-02-29")
    with path.open("a", encoding="utf-8") as out:
        out.write("\n" + "".join("  " + line + "\n" for line in block.splitlines()))


def _towns(project: Path) -> list[str]:
    """Ids of the Kyrgyz towns in places.yml."""
    places = yaml.safe_load((project / "content" / "data" / "places.yml").read_text(encoding="utf-8"))["places"]
    return [p["id"] for p in places if str(p.get("region", "")).startswith("KG-")]


def add_services(project: Path, n: int) -> None:
    """Append ``n`` synthetic services (data + texts in every language) to the project copy."""
    if (project / ".git").exists():
        raise ValueError(f"{project} looks like a real checkout; synthetic content goes into copies only")
    if n < 1:
        return
    towns = _towns(project)
    orgs = range((n + PER_ORGANIZATION - 1) // PER_ORGANIZATION)
    _append(project / "content" / "data" / "organizations.yml",
            [{"id": f"synthetic-org-{k}", "type": "ngo", "source": "tip-2008", "source_section": "synthetic",
              "verified": "2008-02-29"} for k in orgs])
    records = []
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        records.append({"id": f"synthetic-{i}", "category": category}
                       | ({} if category == "shelter" else {"organization": f"synthetic-org-{i // PER_ORGANIZATION}"})
                       | {"locations": [towns[i % len(towns)]], "service_area": [REGIONS[i % len(REGIONS)]],
                          "source": "tip-2008", "source_section": "synthetic", "verified": "2008-02-29"})
    _append(project / "content" / "data" / "services.yml", records)
    for lang, (name, description) in TEXTS.items():
        review = {"review": "needed"} if lang != "en" else {}
        _append(project / "content" / lang / "services.yml",
                {f"synthetic-{i}": {"name": name.format(i=i), "description": description.format(i=i)} | review
                 for i in range(n)})
        org_name, org_description = ORG_TEXTS[lang]
        _append(project / "content" / lang / "organizations.yml",
                {f"synthetic-org-{k}": {"name": org_name.format(i=k), "description": org_description.format(i=k)} | review
                 for k in orgs})
