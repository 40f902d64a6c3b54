// A Fachverfahren's TypeScript client, as its developers would write it:
// types generated from the schema by openapi-typescript (./schema.d.ts,
// written next to this file by tests/test_api_clients.py), requests through
// openapi-fetch. Type-checked with `tsc --strict`, then run against the live
// test server: the usual flow (person, Potenzialanalyse, plan, items,
// agreement, PDF), then a read of every resource. Prints one JSON line with
// what it saw; any surprise ends it with an exception.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

// No @types/node needed for the two things this script takes from Node.
declare const process: { argv: string[] };

type Fehler = components["schemas"]["Fehler"];

const [basis, token, teamText, heuteText] = process.argv.slice(2);
const team = Number(teamText);
const api = createClient<paths>({ baseUrl: basis, headers: { Authorization: `Token ${token}` } });

function tag(versatz: number): string {
  const d = new Date(`${heuteText}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + versatz);
  return d.toISOString().slice(0, 10);
}

function da<T>(antwort: { data?: T; error?: Fehler; response: Response }, was: string): T {
  if (antwort.data === undefined) {
    throw new Error(`${was}: ${antwort.response.status} ${JSON.stringify(antwort.error)}`);
  }
  return antwort.data;
}

// 1. The person (in the IFK's own team).
const person = da(
  await api.POST("/api/v1/leistungsberechtigte/", {
    body: {
      kundennummer: "TS-1",
      vorname: "Tessa",
      nachname: "Skriptmann",
      geburtsdatum: "1988-04-12",
      team,
    },
  }),
  "Person anlegen",
);

// 2. The Potenzialanalyse: begin, record findings (PATCH: only what is sent), complete.
const begonnen = da(
  await api.POST("/api/v1/potenzialanalysen/", {
    body: { leistungsberechtigter: person.id, begonnen_am: tag(-10) },
  }),
  "Potenzialanalyse beginnen",
);
const befunde = da(
  await api.PATCH("/api/v1/potenzialanalysen/{id}/", {
    params: { path: { id: begonnen.id } },
    body: {
      staerken: "Zuverlässig, spricht Türkisch.",
      handlungsbedarfe: [{ bereich: "sprache" }],
      sperrversion: begonnen.sperrversion,
    },
  }),
  "Befunde speichern",
);
const analyse = da(
  await api.POST("/api/v1/potenzialanalysen/{id}/abschliessen/", {
    params: { path: { id: befunde.id } },
    body: { abgeschlossen_am: tag(-9), reha_bedarf: "nein", sperrversion: befunde.sperrversion },
  }),
  "Potenzialanalyse abschließen",
);

// 3. The plan and its draft version.
const plan = da(
  await api.POST("/api/v1/kooperationsplaene/", {
    body: { leistungsberechtigter: person.id, potenzialanalyse: analyse.id, begonnen_am: tag(-8) },
  }),
  "Plan anlegen",
);
const planPk = plan.id;
const versionPk = plan.versionen[0];
const entwurf = da(
  await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/", {
    params: { path: { plan_pk: planPk, id: versionPk } },
  }),
  "Entwurf lesen",
);
let version = da(
  await api.PATCH("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/", {
    params: { path: { plan_pk: planPk, id: versionPk } },
    body: { ziel: "Ich will als Übersetzerin arbeiten.", sperrversion: entwurf.sperrversion },
  }),
  "Ziel speichern",
);

// A stale sperrversion is refused with the documented error shape.
const veraltet = await api.PATCH("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/", {
  params: { path: { plan_pk: planPk, id: versionPk } },
  body: { kontakt: "überschrieben?", sperrversion: entwurf.sperrversion },
});
if (veraltet.response.status !== 409 || veraltet.error?.code !== "conflict") {
  throw new Error(`veraltete Sperrversion: ${veraltet.response.status}`);
}

// 4. Items: add two, change one, remove one.
const schritt = da(
  await api.POST("/api/v1/kooperationsplaene/{plan_pk}/versionen/{version_pk}/eintraege/", {
    params: { path: { plan_pk: planPk, version_pk: versionPk } },
    body: { teil: "weg", text: "Ich melde mich zum Deutschkurs an.", sperrversion: version.sperrversion },
  }),
  "Schritt hinzufügen",
);
version = da(
  await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/", {
    params: { path: { plan_pk: planPk, id: versionPk } },
  }),
  "Version neu lesen",
);
const zuviel = da(
  await api.POST("/api/v1/kooperationsplaene/{plan_pk}/versionen/{version_pk}/eintraege/", {
    params: { path: { plan_pk: planPk, version_pk: versionPk } },
    body: { teil: "weg", text: "Ein Schritt zu viel.", sperrversion: version.sperrversion },
  }),
  "zweiten Schritt hinzufügen",
);
version = da(
  await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/", {
    params: { path: { plan_pk: planPk, id: versionPk } },
  }),
  "Version neu lesen",
);
const geaendert = da(
  await api.PATCH("/api/v1/kooperationsplaene/{plan_pk}/versionen/{version_pk}/eintraege/{id}/", {
    params: { path: { plan_pk: planPk, version_pk: versionPk, id: schritt.id } },
    body: { text: "Ich melde mich bis Monatsende zum Deutschkurs an.", sperrversion: version.sperrversion },
  }),
  "Schritt ändern",
);
version = da(
  await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/", {
    params: { path: { plan_pk: planPk, id: versionPk } },
  }),
  "Version neu lesen",
);
const entfernt = await api.DELETE(
  "/api/v1/kooperationsplaene/{plan_pk}/versionen/{version_pk}/eintraege/{id}/",
  {
    params: {
      path: { plan_pk: planPk, version_pk: versionPk, id: zuviel.id },
      query: { sperrversion: version.sperrversion },
    },
  },
);
if (entfernt.response.status !== 204) {
  throw new Error(`Eintrag entfernen: ${entfernt.response.status} ${JSON.stringify(entfernt.error)}`);
}

// 5. Agree, then download the PDF as bytes.
const vereinbart = da(
  await api.POST("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/vereinbaren/", {
    params: { path: { plan_pk: planPk, id: versionPk } },
    body: { vereinbart_am: tag(-7) },
  }),
  "Vereinbaren",
);
const pdf = await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/{id}/pdf/", {
  params: { path: { plan_pk: planPk, id: versionPk } },
  parseAs: "arrayBuffer",
});
const pdfBytes = new Uint8Array(da(pdf, "PDF laden"));
const pdfAnfang = new TextDecoder().decode(pdfBytes.slice(0, 5));

// 6. A read of every resource: each list, then the first entry of it.
const gelesen: Record<string, number> = {};
const personen = da(await api.GET("/api/v1/leistungsberechtigte/", {}), "Personen");
gelesen.leistungsberechtigte = da(
  await api.GET("/api/v1/leistungsberechtigte/{id}/", { params: { path: { id: personen.results[0].id } } }),
  "Person",
).id;
const analysen = da(await api.GET("/api/v1/potenzialanalysen/", {}), "Potenzialanalysen");
gelesen.potenzialanalysen = da(
  await api.GET("/api/v1/potenzialanalysen/{id}/", { params: { path: { id: analysen.results[0].id } } }),
  "Potenzialanalyse",
).id;
const plaene = da(await api.GET("/api/v1/kooperationsplaene/", {}), "Pläne");
gelesen.kooperationsplaene = da(
  await api.GET("/api/v1/kooperationsplaene/{id}/", { params: { path: { id: plaene.results[0].id } } }),
  "Plan",
).id;
const versionen = da(
  await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/", { params: { path: { plan_pk: planPk } } }),
  "Versionen",
);
gelesen.versionen = versionen.results.length;
const eintraege = da(
  await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/{version_pk}/eintraege/", {
    params: { path: { plan_pk: planPk, version_pk: versionPk } },
  }),
  "Einträge",
);
gelesen.eintraege = da(
  await api.GET("/api/v1/kooperationsplaene/{plan_pk}/versionen/{version_pk}/eintraege/{id}/", {
    params: { path: { plan_pk: planPk, version_pk: versionPk, id: eintraege.results[0].id } },
  }),
  "Eintrag",
).id;
const abstimmungen = da(await api.GET("/api/v1/abstimmungen/", {}), "Abstimmungen");
gelesen.abstimmungen = da(
  await api.GET("/api/v1/abstimmungen/{id}/", { params: { path: { id: abstimmungen.results[0].id } } }),
  "Abstimmung",
).id;
const fristen = da(await api.GET("/api/v1/wiedervorlagen/", {}), "Wiedervorlagen");
gelesen.wiedervorlagen = da(
  await api.GET("/api/v1/wiedervorlagen/{id}/", { params: { path: { id: fristen.results[0].id } } }),
  "Wiedervorlage",
).id;
const partner = da(await api.GET("/api/v1/partner/", {}), "Partner");
gelesen.partner = da(
  await api.GET("/api/v1/partner/{id}/", { params: { path: { id: partner.results[0].id } } }),
  "Partner",
).id;
const angebote = da(await api.GET("/api/v1/angebote/", {}), "Angebote");
gelesen.angebote = da(
  await api.GET("/api/v1/angebote/{id}/", { params: { path: { id: angebote.results[0].id } } }),
  "Angebot",
).id;
gelesen.bedarfsanalyse = da(await api.GET("/api/v1/bedarfsanalyse/", {}), "Bedarfsanalyse").length;

console.log(
  JSON.stringify({
    person: person.id,
    analyse: analyse.status,
    plan: planPk,
    version: vereinbart.status,
    geaendert: geaendert.text,
    eintraege: eintraege.results.map((e) => e.text),
    pdf: pdfAnfang,
    pdfGroesse: pdfBytes.length,
    gelesen,
  }),
);
