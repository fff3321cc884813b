"""The words the benchmark's invented content is made of: German, with umlauts, like the real series.

Pure data; `corpus.py` draws from it with a seeded random generator. Changing
a list changes every generated corpus (and so the benchmark's figures).
"""

THEMEN = [
    "interkulturelle Öffnung", "Teilhabe", "Diversität", "Inklusion", "Antidiskriminierung",
    "Mehrsprachigkeit", "Bürgerbeteiligung", "Willkommenskultur", "Chancengleichheit",
    "politische Bildung", "Zusammenhalt", "Anerkennung", "Barrierefreiheit", "Integration",
]
ORTE = [
    "der Kommunalverwaltung", "den Landkreisen", "kleinen Gemeinden", "der Großstadt",
    "ländlichen Räumen", "den Bürgerbüros", "Jugendämtern", "Schulen und Kitas",
    "Beiräten", "Quartieren", "Sportvereinen", "Bibliotheken", "Volkshochschulen",
]
GRUPPEN = [
    "Neuzugewanderte", "Geflüchtete", "ältere Migrantinnen und Migranten", "Jugendliche",
    "Familien", "Ehrenamtliche", "Mitarbeitende der Verwaltung", "Führungskräfte",
    "Migrant*innenorganisationen", "Menschen mit Behinderung", "Studierende", "Eltern",
]
INSTRUMENTE = [
    "ein kommunales Monitoring", "Leitbilder", "Diversity-Checks", "mehrsprachige Formulare",
    "Fortbildungen", "Beschwerdestellen", "Förderprogramme", "Runde Tische", "Quartiersbüros",
    "Beteiligungsverfahren", "Kooperationsverträge", "Lotsenprojekte", "Sprachmittlung",
]
ADJEKTIVE = [
    "nachhaltige", "überzeugende", "mutige", "gemeinsame", "verlässliche", "wirksame",
    "schwierige", "ungewöhnliche", "praxisnahe", "selbstkritische", "langfristige",
]
ERGEBNISSE = [
    "Veränderungen", "Erfahrungen", "Schlussfolgerungen", "Hürden", "Erfolge", "Lösungen",
    "Spannungsfelder", "Qualitätsmerkmale", "Möglichkeiten", "Fragen",
]
SATZ_VORLAGEN = [
    "Wie kann {thema} in {ort} gelingen, wenn Zuständigkeiten über viele Ämter verteilt sind?",
    "Die Veranstaltung zeigt, welche {adj} {erg} sich ergeben, wenn {gruppe} früh einbezogen werden.",
    "Aus der Praxis wird berichtet, wie {instrument} in {ort} eingeführt und überprüft wurden.",
    "Dabei geht es um {thema} als Querschnittsaufgabe und um die Frage, wer dafür Verantwortung übernimmt.",
    "Studien der letzten Jahre belegen, dass {gruppe} Angebote häufiger nutzen, wenn sie mitgestalten können.",
    "Gemeinsam diskutieren wir, welche {erg} für Kommunen in Bayern übertragbar sind.",
    "Ein besonderer Schwerpunkt liegt auf {instrument}, die schon mit geringem Aufwand spürbare Wirkung zeigen.",
    "Nicht selten stoßen gut gemeinte Maßnahmen auf {adj} Widerstände, über die offen gesprochen werden muss.",
    "Für {gruppe} bedeutet {thema} vor allem, ernst genommen und gehört zu werden.",
    "Die Referierenden stellen {adj} Beispiele aus {ort} vor und ordnen sie wissenschaftlich ein.",
    "Im Anschluss ist Zeit für Fragen, Austausch und die Vernetzung der Teilnehmenden.",
    "Welche Rolle spielen dabei Sprache, Haltung und die Öffnung von Strukturen?",
    "Auch Rückschläge gehören dazu: Manche {erg} zeigten sich erst nach Jahren.",
    "Die Diskussion knüpft an frühere Veranstaltungen der Reihe an und führt sie für {ort} weiter.",
    "Für die Umsetzung braucht es {adj} Bündnisse zwischen Verwaltung, Politik und Zivilgesellschaft.",
    "Besonders anschaulich wird das am Beispiel einer Stadt, die {instrument} über drei Jahre erprobt hat.",
    "Wir fragen außerdem, wie sich {thema} messen lässt, ohne Menschen auf Merkmale zu reduzieren.",
    "Kommunale Spitzenverbände, Hochschulen und Vereine tragen dazu jeweils eigene Perspektiven bei.",
    "Zur Vorbereitung empfehlen wir einen Blick in die Unterlagen der vergangenen Jahre.",
    "Zugleich wird deutlich, dass {gruppe} keine einheitliche Gruppe sind und unterschiedliche Bedürfnisse haben.",
]
LISTENPUNKTE = [
    "wie {gruppe} besser erreicht werden können,",
    "welche Rolle {instrument} übernehmen können,",
    "was {thema} für die tägliche Arbeit in {ort} bedeutet,",
    "welche {erg} sich aus bisherigen Projekten ableiten lassen,",
]
TITEL_VORLAGEN = [
    "{Thema} in {ort}",
    "{Thema}: {adj_cap} Wege für {gruppe}",
    "{Erg} mit {instrument_cap}",
    "Was {gruppe} brauchen: {Thema} konkret",
    "{Thema} gestalten – Erfahrungen aus {ort}",
    "Gemeinsam handeln: {Thema} und {thema2}",
]
JAHRES_THEMEN = [
    "Vielfalt als Querschnittsaufgabe", "Öffentlicher Raum und Begegnung", "Sprache, Zugang und Teilhabe",
    "Kommunale Strategien gegen Diskriminierung", "Bildung für alle", "Arbeit, Ausbildung und Qualifizierung",
    "Gesundheit und Pflege in der Einwanderungsgesellschaft", "Wohnen und Nachbarschaft",
    "Beteiligung und Demokratie vor Ort", "Verwaltung im Wandel", "Ehrenamt und Engagement",
    "Kultur, Medien und Öffentlichkeit",
]

VORNAMEN = [
    "Lea", "Jürgen", "Özlem", "Sören", "Björn", "Hülya", "Käthe", "Jörg", "Zoë", "Malte", "Günther",
    "Ayşe", "Rüdiger", "Anneliese", "Tomáš", "Chiara", "Yusuf", "Gülten", "Henrike", "Matthias", "Elif",
    "Bärbel", "Dörte", "Niklas", "Fatoumata", "Mareike", "Jannis", "Leonie", "Ömer",
]
NACHNAMEN = [
    "Müller", "Schäfer", "Özdemir", "Kühn", "Böhm", "Jäger", "Grünewald", "Löffler", "Yılmaz", "Krüger",
    "Hoffmann", "Weiß", "Schröder", "Brenner", "Fuchs", "Okafor", "Petrović", "Nowak", "Hartmann",
    "Bäcker", "Lüders", "Demir", "Kowalczyk", "Sauerbrück", "Wünsche", "Köster", "Thießen", "Mensah",
]
TITEL = ["Prof. Dr.", "Dr.", "", "", ""]
ROLLEN = {
    "academia": ["Professorin für Soziologie", "Wissenschaftlicher Mitarbeiter", "Leiterin eines Forschungsprojekts",
                 "Professor für Verwaltungswissenschaft"],
    "administration": ["Integrationsbeauftragte", "Leiter des Amts für Chancengleichheit", "Referentin für Vielfalt",
                       "Sachgebietsleiter Bürgerdienste"],
    "civil-society": ["Vorsitzende des Integrationsbeirats", "Geschäftsführer eines Vereins", "Projektkoordinatorin",
                      "Sprecher eines Migrant*innenverbands"],
}
ORGANISATIONEN = {
    "academia": ["Universität Altmühltal", "Hochschule Frankenhöhe", "Technische Universität Lechfeld",
                 "Institut für Migrationsforschung Würzburg"],
    "administration": ["Stadt Lindenfeld", "Landkreis Rötheltal", "Markt Grünbach", "Stadt Mühldorf am Bach"],
    "civil-society": ["Verein Brücken e.V.", "Integrationsbeirat Lindenfeld", "Netzwerk Vielfalt Oberpfalz",
                      "Bündnis für Begegnung e.V."],
}
BIO_SAETZE = [
    "{vorname} {nachname} beschäftigt sich seit vielen Jahren mit {thema} in {ort}.",
    "Zuvor war {vorname} {nachname} in der Beratung für {gruppe} tätig.",
    "Schwerpunkte der Arbeit sind {instrument} und die Frage, wie {thema} dauerhaft gelingt.",
    "{vorname} {nachname} hat zahlreiche Projekte begleitet und veröffentlicht regelmäßig zu {thema}.",
    "Ehrenamtlich engagiert sich {vorname} {nachname} für {gruppe} in der eigenen Nachbarschaft.",
    "Besonders wichtig ist {vorname} {nachname} der Austausch zwischen Wissenschaft und Praxis.",
]
