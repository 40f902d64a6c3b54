"""What a client generator needs from the schema, checked on the schema itself:
one request body (JSON) per operation, integer ids in every path, one error
component on every 4xx, required fields marked, stable operation ids."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from kooperation.access import Rolle
from tests.api_helfer import api_client
from tests.plans.factories import entwurf

# Renaming one of these breaks every generated client: only ever add.
OPERATIONEN = {
    "abstimmungen_list",
    "abstimmungen_retrieve",
    "abstimmungen_aenderung_bestaetigen",
    "abstimmungen_entscheiden",
    "abstimmungen_positionen_entscheiden",
    "anhoerungen_list",
    "anhoerungen_retrieve",
    "anhoerungen_antwort",
    "anhoerungen_feststellung",
    "anhoerungen_persoenlich",
    "angebote_list",
    "angebote_retrieve",
    "bedarfsanalyse_list",
    "einladungen_list",
    "einladungen_create",
    "einladungen_retrieve",
    "einladungen_anhoerung",
    "einladungen_ergebnis",
    "kooperationsplaene_list",
    "kooperationsplaene_create",
    "kooperationsplaene_retrieve",
    "kooperationsplaene_aufforderung",
    "kooperationsplaene_bescheide_pdf",
    "kooperationsplaene_fortschreiben",
    "kooperationsplaene_kein_plan",
    "kooperationsplaene_kein_plan_zuruecknehmen",
    "kooperationsplaene_pflichten_festsetzen",
    "kooperationsplaene_pflichtverletzung",
    "kooperationsplaene_schlichtung",
    "kooperationsplaene_schlichtung_beenden",
    "kooperationsplaene_ueberpruefung",
    "kooperationsplaene_ueberpruefung_festhalten",
    "kooperationsplaene_versionen_list",
    "kooperationsplaene_versionen_retrieve",
    "kooperationsplaene_versionen_partial_update",
    "kooperationsplaene_versionen_abstimmung_anfragen",
    "kooperationsplaene_versionen_pdf",
    "kooperationsplaene_versionen_vereinbaren",
    "kooperationsplaene_versionen_eintraege_list",
    "kooperationsplaene_versionen_eintraege_create",
    "kooperationsplaene_versionen_eintraege_retrieve",
    "kooperationsplaene_versionen_eintraege_partial_update",
    "kooperationsplaene_versionen_eintraege_destroy",
    "leistungsberechtigte_list",
    "leistungsberechtigte_create",
    "leistungsberechtigte_retrieve",
    "leistungsberechtigte_partial_update",
    "partner_list",
    "partner_retrieve",
    "potenzialanalysen_list",
    "potenzialanalysen_create",
    "potenzialanalysen_retrieve",
    "potenzialanalysen_partial_update",
    "potenzialanalysen_abschliessen",
    "wiedervorlagen_list",
    "wiedervorlagen_retrieve",
}
FEHLER = {"$ref": "#/components/schemas/Fehler"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operationen(schema):
    for pfad, methoden in schema["paths"].items():
        for methode, operation in methoden.items():
            yield pfad, methode, operation


def test_operation_ids_sind_stabil_und_lesbar(schema):
    ids = [o["operationId"] for _, _, o in _operationen(schema)]
    assert len(ids) == len(set(ids))
    assert set(ids) == OPERATIONEN


def test_nur_json_und_ganzzahlige_kennungen(schema):
    for pfad, methode, operation in _operationen(schema):
        koerper = operation.get("requestBody", {}).get("content", {})
        assert set(koerper) <= {"application/json"}, (pfad, methode)
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", (pfad, parameter["name"])


def test_jeder_fehler_hat_die_eine_form(schema):
    for pfad, methode, operation in _operationen(schema):
        fehler = {c: a for c, a in operation["responses"].items() if c.startswith("4")}
        assert {"400", "401", "403", "404", "409", "429"} <= set(fehler), (pfad, methode)
        for code, antwort in fehler.items():
            assert antwort["content"]["application/json"]["schema"] == FEHLER, (pfad, code)
    komponente = schema["components"]["schemas"]["Fehler"]
    assert set(komponente["required"]) == {"code", "detail", "felder"}


def test_sperrversion_ist_pflicht_und_eingaben_haben_keine_vorgaben(schema):
    komponenten = schema["components"]["schemas"]
    for name, komponente in komponenten.items():
        if not name.endswith("Request"):
            continue
        for feld, eigenschaft in komponente.get("properties", {}).items():
            assert "default" not in eigenschaft, (name, feld)
        if "sperrversion" in komponente.get("properties", {}) and "Abschliessen" not in name:
            assert "sperrversion" in komponente["required"], name
    # A PATCH body requires nothing but the version: PATCH is partial.
    assert komponenten["PatchedPlanVersionBearbeitenEingabeRequest"]["required"] == ["sperrversion"]


def test_pdf_ist_ein_binaerer_download(schema):
    pdf = [o for _, _, o in _operationen(schema) if o["operationId"].endswith("_pdf")]
    assert len(pdf) == 2
    for operation in pdf:
        inhalt = operation["responses"]["200"]["content"]
        assert set(inhalt) == {"application/pdf", "application/octet-stream"}
        for art in inhalt.values():
            assert art["schema"] == {"type": "string", "format": "binary"}


def test_leere_sortierung_ist_die_vorgabe(schema, welt):
    """An empty ``sortierung`` keeps the default order: the schema allows it,
    and the server answers it (a filter that is given needs a value)."""
    liste = schema["paths"]["/api/v1/kooperationsplaene/{plan_pk}/versionen/"]["get"]
    (sortierung,) = [p for p in liste["parameters"] if p["name"] == "sortierung"]
    assert "minLength" not in sortierung["schema"]
    plan = entwurf(welt).plan
    antwort = api_client(welt.users[Rolle.IFK]).get(
        f"/api/v1/kooperationsplaene/{plan.pk}/versionen/?sortierung="
    )
    assert antwort.status_code == 200
