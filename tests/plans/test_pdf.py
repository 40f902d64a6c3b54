"""The plan as one A4 page: every part is in the PDF, a plan that does not fit
is refused with the part to shorten, the stored PDF never changes."""

import datetime
import hashlib
import io

import pytest
from django.utils import timezone

from kooperation.access import Rolle
from kooperation.errors import Fachfehler
from plans.dokumente.ablage import planversion_pdf_ablegen
from plans.dokumente.pdf import PlanPdf
from plans.models import Planteil
from plans.services.vereinbarung import planversion_vereinbaren
from plans.tasks import pdf_rendern
from tests.plans.factories import entwurf, vereinbart
from tests.plans.pdf_hilfen import UNTERSTUETZUNG, WEG, eintraege, lesen

D = datetime.date


def _termin(tag=12, stunde=9):
    return datetime.datetime(2026, 11, tag, stunde, 30, tzinfo=timezone.get_current_timezone())


def typischer_entwurf(welt, **kwargs):
    ziel = "Ich will wieder in meinem Beruf als Friseurin arbeiten."
    version = entwurf(welt, ziel=ziel, **kwargs)
    eintraege(version, Planteil.WEG, WEG[1:3])
    eintraege(version, Planteil.UNTERSTUETZUNG, UNTERSTUETZUNG[:2])
    eintraege(
        version,
        Planteil.EIGENBEMUEHUNG,
        ["Ich bewerbe mich auf Stellen, die zu mir passen."],
        haeufigkeit="4 Bewerbungen im Monat",
        nachweis="Liste beim nächsten Termin zeigen",
    )
    eintraege(version, Planteil.TERMIN, ["Wir sprechen über den Deutsch-Kurs."], termin=_termin())
    version.kontakt = "Ina Fischer, Zimmer 214, Telefon 0621 123 456-214"
    version.save()
    return version


def maximaler_entwurf(welt, sprache="de"):
    """As much as the page holds: every part filled, six steps, the
    Jobcenter's full contact, headings in two languages."""
    jc = welt.jc
    jc.anschrift = "Ludwigstraße 12\n68161 Rheinstadt"
    jc.telefon = "0621 123 456-0"
    jc.email = "jobcenter-rheinstadt@jobcenter-ge.invalid"
    jc.website = "https://jobcenter-rheinstadt.invalid"
    jc.oeffnungszeiten = "Mo–Fr 8–12 Uhr, Do 14–17 Uhr"
    jc.save()
    welt.eigener_fall.sprache = sprache
    welt.eigener_fall.save()
    version = entwurf(
        welt,
        ziel="Ich will wieder in meinem Beruf als Friseurin arbeiten. "
        "Ich will später einen eigenen Salon haben.",
    )
    eintraege(version, Planteil.WEG, WEG[1:])
    eintraege(version, Planteil.UNTERSTUETZUNG, UNTERSTUETZUNG)
    eintraege(
        version,
        Planteil.EIGENBEMUEHUNG,
        [
            "Ich bewerbe mich auf Stellen, die zu mir passen.",
            "Ich gehe zur Jobmesse im Rathaus.",
        ],
        haeufigkeit="4 Bewerbungen im Monat",
        nachweis="Liste beim nächsten Termin zeigen",
    )
    eintraege(
        version,
        Planteil.TERMIN,
        ["Wir sprechen über den Deutsch-Kurs. Bitte bringen Sie Ihren Lebenslauf mit."],
        termin=_termin(12),
    )
    version.sonstiges = "Mein Sohn ist krank. Dann kann ich nicht immer zum Termin kommen."
    version.kontakt = "Ina Fischer, Zimmer 214\nTelefon 0621 123 456-214"
    version.save()
    return version


@pytest.mark.parametrize("laenge", ["minimal", "typisch", "maximal", "maximal_arabisch"])
def test_plan_ist_genau_eine_seite_und_enthaelt_jeden_teil(welt, laenge):
    version = {
        "minimal": lambda: entwurf(welt),
        "typisch": lambda: typischer_entwurf(welt),
        "maximal": lambda: maximaler_entwurf(welt),
        "maximal_arabisch": lambda: maximaler_entwurf(welt, sprache="ar"),
    }[laenge]()
    ergebnis = PlanPdf.fuer_version(version).render()
    seiten, text = lesen(ergebnis.pdf)
    assert seiten == 1
    assert ergebnis.passt
    for ueberschrift in (
        "Der Plan",
        "Der Weg",
        "Gezielte Unterstützung",
        "Verabredungen",
        "Bei Fragen und Notfällen",
    ):
        assert ueberschrift in text
    assert version.ziel in text
    for eintrag in version.eintraege.all():
        assert eintrag.text in text
    person = version.plan.leistungsberechtigter
    assert f"{person.vorname} {person.nachname}" in text
    assert "Entwurf" in text
    assert f"Version {version.nummer}" in text
    if version.sonstiges:
        assert version.sonstiges in text
    if version.kontakt:
        assert "Zimmer 214" in text
    jc = person.jobcenter
    for angabe in (jc.telefon, jc.email, jc.oeffnungszeiten, jc.website, *jc.anschrift.split("\n")):
        # a long address may wrap inside the narrow column
        assert angabe.replace(" ", "") in text.replace(" ", "")


def test_zu_langer_plan_wird_nicht_vereinbart_und_nennt_den_teil(welt):
    version = maximaler_entwurf(welt)
    eintraege(
        version,
        Planteil.WEG,
        [f"Ich erledige Schritt {n} und erzähle beim Termin davon." for n in range(12)],
    )
    pruefung = PlanPdf.fuer_version(version).pruefen()
    assert not pruefung.passt
    assert pruefung.zu_kuerzen == "weg"
    with pytest.raises(Fachfehler) as fehler:
        planversion_vereinbaren(
            acting_user=welt.users[Rolle.IFK], version=version, vereinbart_am=D(2026, 10, 6)
        )
    assert fehler.value.message_dict["weg"] == [
        "Der Plan passt nicht auf eine Seite: bitte „Der Weg“ kürzen."
    ]
    version.refresh_from_db()
    assert version.status == "entwurf"


def test_zu_lange_unterstuetzung_wird_als_teil_genannt(welt):
    version = entwurf(welt)
    eintraege(
        version,
        Planteil.UNTERSTUETZUNG,
        [f"Das Jobcenter übernimmt die Kosten Nummer {n} für mich." for n in range(30)],
    )
    assert PlanPdf.fuer_version(version).pruefen().zu_kuerzen == "unterstuetzung"


def test_arabische_ueberschriften_stehen_im_pdf(welt):
    person = welt.eigener_fall
    person.sprache = "ar"
    person.save()
    version = typischer_entwurf(welt)
    ergebnis = PlanPdf.fuer_version(version).render()
    seiten, text = lesen(ergebnis.pdf)
    assert seiten == 1
    # Noto Sans Arabic draws some letters as a dotless base plus dots, which
    # a PDF text layer cannot map back one to one; these words have no such
    # letters, so they read back exactly.
    assert "Verabredungen المواعيد" in text
    assert "التعاون" in text  # in "Kooperationsplan"
    assert "Der Weg" in text  # the German stays


@pytest.mark.parametrize(
    ("sprache", "ueberschrift"),
    [("en", "Targeted support"), ("tr", "Hedefli destek"), ("uk", "Шлях"), ("ru", "Путь")],
)
def test_ueberschriften_in_der_sprache_der_person(welt, sprache, ueberschrift):
    person = welt.eigener_fall
    person.sprache = sprache
    person.save()
    seiten, text = lesen(PlanPdf.fuer_version(typischer_entwurf(welt)).render().pdf)
    assert seiten == 1
    assert ueberschrift in text
    assert "Ich will wieder in meinem Beruf als Friseurin arbeiten." in text


def test_vereinbaren_speichert_lesbarkeit_und_legt_das_pdf_ab(
    welt, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = vereinbart(welt)
    version.refresh_from_db()
    # "Ich will als Köchin arbeiten. Ich suche mir einen Deutsch-Kurs."
    assert version.lesbarkeit_wstf is not None
    assert version.lesbarkeit_wstf <= 7
    assert version.pdf
    with version.pdf.open("rb") as datei:
        inhalt = datei.read()
    assert hashlib.sha256(inhalt).hexdigest() == version.pdf_sha256
    seiten, text = lesen(inhalt)
    assert seiten == 1
    assert "Entwurf" not in text
    assert "Vereinbart am 07.10.2026" in text


def test_gespeichertes_pdf_bleibt_nach_vorlagenaenderung_gleich(
    welt, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = vereinbart(welt)
    version.refresh_from_db()
    gespeichert = version.pdf_sha256

    # The plan's template changes (a new layout, another Jobcenter logo …).
    neu = tmp_path / "plans" / "pdf"
    neu.mkdir(parents=True)
    (neu / "plan.html").write_text(
        "<html><body><h1>Neue Vorlage</h1><p>{{ inhalt.ziel }}</p></body></html>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert PlanPdf.fuer_version(version).render().sha256 != gespeichert

    pdf_rendern.delay(version.pk)  # running the task again changes nothing
    planversion_pdf_ablegen(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_sha256 == gespeichert

    client.force_login(welt.users[Rolle.IFK])
    antwort = client.get(f"/plaene/versionen/{version.pk}/plan.pdf")
    assert antwort.status_code == 200
    assert hashlib.sha256(b"".join(antwort.streaming_content)).hexdigest() == gespeichert


def test_aufgabe_fuer_geloeschte_version_endet_still(db):
    assert pdf_rendern.delay(987654).get() is None


def test_entwurf_bekommt_kein_abgelegtes_pdf(welt):
    version = entwurf(welt)
    planversion_pdf_ablegen(version_id=version.pk)
    version.refresh_from_db()
    assert not version.pdf


def test_pdf_laedt_nichts_von_aussen(welt, settings, tmp_path):
    neu = tmp_path / "plans" / "pdf"
    neu.mkdir(parents=True)
    (neu / "plan.html").write_text(
        '<html><body><img src="https://example.org/x.png">'
        '<img src="file:///etc/hostname"><p>{{ inhalt.ziel }}</p></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    from plans.dokumente import pdf

    _, _, fetcher = pdf.weasyprint_bereit()
    with pytest.raises(ValueError, match="Nicht erlaubte Adresse"):
        fetcher.fetch("https://example.org/x.png")
    with pytest.raises(ValueError, match="Nicht erlaubte Adresse"):
        fetcher.fetch("file:///etc/hostname")
    seiten, text = lesen(PlanPdf.fuer_version(entwurf(welt)).render().pdf)
    assert seiten == 1


def test_der_seitencheck_laeuft_vor_der_sperre_und_wird_bestaetigt(welt, monkeypatch):
    """The one-page layout is made before the draft is locked; if the draft
    changes while it is laid out, the agreement is refused instead of agreeing
    a text nobody checked."""
    from kooperation.errors import Konflikt
    from plans.dokumente import pdf as pdf_modul
    from plans.services.entwurf import planversion_speichern

    ifk = welt.users[Rolle.IFK]
    version = entwurf(welt)
    echt = pdf_modul.PlanPdf.pruefen

    def mit_gleichzeitiger_aenderung(self):
        ergebnis = echt(self)
        aktuell = type(version).objects.get(pk=version.pk)
        planversion_speichern(
            acting_user=ifk,
            version=aktuell,
            sperrversion=aktuell.sperrversion,
            ziel="Ein viel längeres Ziel, das niemand geprüft hat. " * 20,
            kontakt="x",
        )
        return ergebnis

    monkeypatch.setattr(pdf_modul.PlanPdf, "pruefen", mit_gleichzeitiger_aenderung)
    with pytest.raises(Konflikt):
        planversion_vereinbaren(acting_user=ifk, version=version, vereinbart_am=D(2026, 10, 7))
    version.refresh_from_db()
    assert version.status == "entwurf"


def test_zwei_arbeiter_legen_das_pdf_nur_einmal_ab(welt, monkeypatch):
    """Rendered outside the lock; the worker that comes second keeps the first
    worker's PDF."""
    from plans.dokumente import pdf as pdf_modul

    version = vereinbart(welt)  # its rendering task never ran (no commit in a test)
    assert not version.pdf
    echt = pdf_modul.PlanPdf.render
    aufrufe = []

    def anderer_arbeiter_zuerst(self, *args, **kwargs):
        ergebnis = echt(self, *args, **kwargs)
        if not aufrufe:
            aufrufe.append(1)
            planversion_pdf_ablegen(version_id=version.pk)  # the other worker
        return ergebnis

    monkeypatch.setattr(pdf_modul.PlanPdf, "render", anderer_arbeiter_zuerst)
    planversion_pdf_ablegen(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf
    with version.pdf.open("rb") as datei:
        assert version.pdf_sha256 == hashlib.sha256(datei.read()).hexdigest()


def test_pdf_hat_seine_schriften_auch_mit_gesammelten_dateien(welt, settings, tmp_path):
    """Production serves the collected files under their content hash; the
    documents must still find their fonts there, not fall back to any sans."""
    from django.core.management import call_command
    from pypdf import PdfReader

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    pdf = PlanPdf.fuer_version(entwurf(welt)).render().pdf
    schriften = set()
    for seite in PdfReader(io.BytesIO(pdf)).pages:
        for schrift in (seite["/Resources"].get("/Font") or {}).values():
            schriften.add(str(schrift.get_object().get("/BaseFont")))
    assert any("Atkinson-Hyperlegible" in s for s in schriften), schriften
