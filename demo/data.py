"""The demo content of ``manage.py load_demo``, as plain Python data.

Three announcements:

* **F1**  — seeds/000_36cbc336044c8b47.txt, Ministria e Mbrojtjes (Albania), "Formulari nr. 1";
* **K23** — seeds/001_2f69d2d7d7a7c30c.txt, KQZ competition for non-permanent staff, KQZ 42/2023 … 51/2023;
* **R**   — one invented KQZ vacancy of the professional category under regulation 01/2024, open at load time.

How the Albanian (``sq``) texts of F1 and K23 were taken from the sources: word for word, with the
sources' own spelling, typos included ("Shkathësi", "gadishmëri", "Udheheqesi", "sistemve" ...). Only these
edits were made, each for a reason and nowhere else:

* line breaks that are page wraps are joined; list bullets and trailing list punctuation (";", ",") dropped;
  the first letter of a list item is capitalised (the source's items continue a sentence: "kërkesën;");
* unmatched quotation marks of F1's titles are balanced;
* rows that the source glued together (a lost line break: "InformativNjohuri", "dërgohen;Pranon",
  "Kompjuterike Të ketë") are split into their two rows;
* a qualification row that holds a condition *and* an advantage ("së paku diplomë të shkollës së mesme,
  ndërsa diplomë universiteti konsiderohet përparësi") is split into the condition and the advantage,
  so the preliminary verification (R-18) checks only the condition;
* K23 prints one row of KQZ 47/2023 twice ("I gatshëm të punoj në ndërrim ..."): stored once;
* K23's position codes are written "KQZ 42/2023" throughout (the source mixes "KQZ 42/2023", "KQZ-43/2023"
  and, for 50 and 51, the typo "KOZ-50/2023", "KOZ-51/2023").

Translations: every title, department, supervisor, place, document and requirement has an English
(``en``) and a Serbian-Latin (``sr_latn``) version. The long texts of F1 and K23 (duty lists, F1's job
description and selection procedure, K23's legal basis) stay Albanian-only: a translation of a legal text
the institution did not publish would be ours, not theirs, and modeltranslation falls back to Albanian.
The invented R vacancy is written in all three languages.
"""


def t(sq: str, en: str | None = None, sr_latn: str | None = None) -> dict:
    """One text in the portal's languages; a missing translation falls back to Albanian."""
    return {"sq": sq, "en": en, "sr_latn": sr_latn}


def req(kind: str, text: dict, *, min_years: int | None = None, advantage: bool = False) -> dict:
    return {"kind": kind, "text": text, "min_years": min_years, "is_advantage": advantage}


def doc(name: dict, *, required: bool = True, notes: dict | None = None) -> dict:
    return {"name": name, "required": required, "notes": notes or t("")}


# One password for every demo account; it passes the validators of AUTH_PASSWORD_VALIDATORS.
DEMO_PASSWORD = "demo-portal-2026"

# ---------------------------------------------------------------------------------------------------------
# Institutions
# ---------------------------------------------------------------------------------------------------------

INSTITUTIONS = [
    {
        "short_name": "KQZ",
        "name": t(
            "Komisioni Qendror i Zgjedhjeve", "Central Election Commission", "Centralna izborna komisija"
        ),
        "country": "XK",
        "time_zone": "Europe/Belgrade",
        # The institution recruits under regulation 01/2024 today; K23 (2023) carries its own rule set.
        "rule_set": "kqz-01-2024",
        # K23: "ndërtesa e ish Bankës së Lubjanës ... 10000 Prishtinë", tel. 038-200-23-55, www.kqz-ks.org.
        "address": t(
            "Ndërtesa e ish Bankës së Lubjanës, 10000 Prishtinë",
            "Former Ljubljanska Banka building, 10000 Prishtina",
            "Zgrada bivše Ljubljanske banke, 10000 Priština",
        ),
        # K23 gives no e-mail address: a demo one (R-9.1.12 asks for one).
        "email": "hr@kqz.demo",
        "phone": "038-200-23-55",
        "website": "http://www.kqz-ks.org",
    },
    {
        "short_name": "MM",
        "name": t("Ministria e Mbrojtjes", "Ministry of Defence", "Ministarstvo odbrane"),
        "country": "AL",
        "time_zone": "Europe/Tirane",
        "rule_set": "al-civil-service",
        # F1 item 9: "Ministria e Mbrojtjes, Rruga e Dibrës,Tiranë", www.mod.gov.al.
        "address": t("Rruga e Dibrës, Tiranë", "Rruga e Dibrës, Tirana", "Rruga e Dibrës, Tirana"),
        # F1 gives no e-mail address: a demo one.
        "email": "hr@mm.demo",
        "phone": "",
        "website": "http://www.mod.gov.al",
    },
]

# ---------------------------------------------------------------------------------------------------------
# F1 — Ministria e Mbrojtjes, Formulari nr. 1
# ---------------------------------------------------------------------------------------------------------

_F1_TITLE = t(
    "Ekspert “Senior Backend Developer/System Architect” "
    "(Ekspert “Zhvillues me përvojë të lartë Backend/ Arkitekt Sistemesh”)",
    "Expert “Senior Backend Developer/System Architect”",
    "Ekspert „Senior Backend Developer/System Architect” (Ekspert „Viši backend programer/Arhitekta sistema”)",
)

F1 = {
    "institution": "MM",
    # F1 carries no reference number: its heading, "Formulari nr. 1", and the year stand in for one.
    "reference": "Formulari nr. 1/2025",
    "rule_set": "al-civil-service",
    "title": _F1_TITLE,
    "legal_basis": t(""),
    "general_description": t(""),
    "formal_requirements": t(""),
    "competencies": t(""),
    # Item 9.
    "how_to_apply": t(
        "Për të aplikuar kandidatët duhet të plotësojnë formularin e aplikimit, të cilin do ta gjejnë në faqen "
        "e internetit të Ministrisë së Mbrojtjes, në adresën www.mod.gov.al. Formulari pasi plotësohet, së "
        "bashku me dokumentacionin përkatës,do të dërgohet në:\n"
        "Drejtorinë e Miradministrimit të Burimeve Njerëzore dhe Shërbimeve\n"
        "Ministria e Mbrojtjes, Rruga e Dibrës,Tiranë",
        "To apply, candidates must fill in the application form, found on the web site of the Ministry of "
        "Defence at www.mod.gov.al. Once filled in, the form is sent, together with the relevant documents, to:\n"
        "Directorate of Human Resources and Services Management\n"
        "Ministry of Defence, Rruga e Dibrës, Tirana",
        "Da bi se prijavili, kandidati treba da popune obrazac za prijavu, koji se nalazi na internet stranici "
        "Ministarstva odbrane, na adresi www.mod.gov.al. Popunjen obrazac, zajedno sa odgovarajućom "
        "dokumentacijom, šalje se na adresu:\n"
        "Direkcija za upravljanje ljudskim resursima i uslugama\n"
        "Ministarstvo odbrane, Rruga e Dibrës, Tirana",
    ),
    # Item 10, its opening sentence.
    "documents_instructions": t(
        "Aplikantët duhet të paraqesin dokumentet e mëposhtme:",
        "Applicants must submit the following documents:",
        "Kandidati treba da podnesu sledeća dokumenta:",
    ),
    # Item 13, whole (Albanian only: the procedure as the Ministry published it).
    "evaluation_method": t(
        "Përzgjedhja e kandidatëve do të bëhet nga një komision vlerësimi i përbërë nga 3 (tre) veta.\n"
        "Procedura e përzgjedhjes së kandidatëve përfshin:\n"
        "• përzgjedhjen paraprake;\n"
        "• vlerësimin e dokumenteve të kandidatëve, që konsiston në vlerësimin e arsimimit, të eksperiencës e "
        "të trajnimeve, të lidhura me fushën përkatëse;\n"
        "• intervistën e strukturuar me gojë.\n"
        "\n"
        "Përzgjedhja paraprake e kandidaturave do të realizohet nga Drejtoria e Miradministrimit të Burimeve "
        "Njerëzore në Ministrinë e Mbrojtjes, mbi bazën e dokumentacionit të paraqitur nga kandidatët. Njësia e "
        "Burimeve Njerëzore verifikon dokumentacionin e aplikantëve, nëse ai është i plotë dhe i saktë, si dhe "
        "plotësimin e kërkesave të pozicionit të punës nga ana e tyre dhe përcakton kandidatët që plotësojnë "
        "kërkesat e pozicionit. Vetëm kandidatët që plotësojnë kërkesat e pozicionit do të njoftohen për "
        "vazhdimin e mëtejshëm të konkurimit.\n"
        "\n"
        "Konkurimi me kandidatët që plotësonë kerkesat e pozicionit të punës përfshin:\n"
        "• vlerësimin e dokumenteve të kandidatëve (vlerësimin e arsimimit/kualifikimit, vlerësimin e trajnimit "
        "dhe vlerësimin e eksperiencës të lidhura me fushën përkatëse;\n"
        "• intervistën e strukturuar me gojë.\n"
        "\n"
        "Vlerësimi i tyre do të bëhet nga komisioni përkatës.\n"
        "Totali i pikëve të vlerësimit të kandidatëve është 100 (njëqind), të cilat ndahen:\n"
        "a. 40 pikë, për vlerësimin e dokumenteve të kandidatëve;\n"
        "b. 60 pikë, për intervistën e strukturuar me gojë.\n"
        "\n"
        "Vlerësimi i dokumenteve të kandidatëve përfshin:\n"
        "a. vlerësimin ejetëshkrimit (CV);\n"
        "b. vlerësimin e kualifikimeve akademike, profesionale dhe teknike;\n"
        "c. vlerësimin e trajnimeve;\n"
        "d. vlerësimin e eksperiencave të ngjashme të punës;\n"
        "Pikët totale të vlerësimit të dokumenteve ndahen, si më poshtë:\n"
        "a. jetëshkrimi, 5 pikë;\n"
        "b. arsimimi/kualifikimi, 15 pikë;\n"
        "c. trajnimi, 5 pikë;\n"
        "d. eksperienca/përvoja në punë, 15 pikë.\n"
        "\n"
        "Intervista zhvillohet me gojë me të gjithë kandidatët që janë përzgjedhur gjatë fazës së përzgjedhjes "
        "paraprake. Qëllimi i intervistës është të verifikojë aftësitë, motivacionin dhe aspiratat e çdo "
        "kandidati, si dhe përputhshmërinë e profilit profesional të kandidatit me pozicionin që do të mbulojë.\n"
        "\n"
        "Intervista zhvillohet e strukturuar me qëllim që të sigurojë informacion të saktë rreth profilit "
        "profesional të kandidatëve. Ajo strukturohet në varësi të pozicionit që punonjësi do të mbulojë dhe "
        "eksperiencës.\n"
        "\n"
        "Gjatë intervistës kandidatit i drejtohen disa pyetje nga anëtarët e komisionit, përgjigjet e të cilave "
        "vlerësohen me pikë. Çdo pyetje ka një sasi të caktuara pikësh, të cilat vlerësohen në varësi të "
        "përgjigjes. Në total intervista ka 60 pikë.\n"
        "\n"
        "Kandidatët të cilët nuk marrin më shumë se 70 pikë, (që përfshin vlerësimin e dokumenteve të "
        "kandidatëve, si dhe vlerësimin e intervistës), s’kualifikohen nga konkurimi.\n"
        "\n"
        "Në mbyllje të procesit të vlerësimit, tre kandidatët që kanë marrë më shumë pikë i paraqiten "
        "autoriteteve vendimarrëse për miratimin e kandidatit më të përshtatshëm për mbulimin e pozicionit të "
        "shpallur.\n"
        "\n"
        "Me emërimin në pozicionin e punës do të lidhet kontrata individuale e punës."
    ),
    # Item 13: "Vetëm kandidatët që plotësojnë kërkesat e pozicionit do të njoftohen ..."
    "notification_method": t(
        "Vetëm kandidatët që plotësojnë kërkesat e pozicionit do të njoftohen për vazhdimin e mëtejshëm të "
        "konkurimit.",
        "Only the candidates who meet the requirements of the position will be notified that they continue in "
        "the competition.",
        "Samo kandidati koji ispunjavaju uslove radnog mesta biće obavešteni o nastavku konkursa.",
    ),
    "other_notes": t(""),
    "contact_email": "hr@mm.demo",
    "contact_phone": "",
    # Items 7 and 8 give dates only (Europe/Tirane): applications open at 08:00 on the first day (start of the
    # working day) and close at the end of the last day, 23:59 (vacancies.rules.closing_of_a_date).
    "opens_at": "2025-07-16 08:00",
    "closes_at": "2025-07-30 23:59",
    "published_at": "2025-07-16 08:00",
    "status": "closed",
    "positions": [
        {
            "order": 1,
            "code": "",  # item 2: "Kodi i pozicionit: N/A" — no code, and the pages show none
            "title": _F1_TITLE,
            # Albania has no KQZ category; "specialist" (R-14) would draw the wrong committee.
            "category": "other",
            "grade": t(""),
            "coefficient": None,
            "department": t(
                "Qendra e Inovacionit të Sigurisë dhe Mbrojtjes",
                "Security and Defence Innovation Centre",
                "Centar za inovacije u oblasti bezbednosti i odbrane",
            ),
            "supervisor": t(""),
            "contract_type": "indefinite",
            "duration": t("Pa afat", "Indefinite", "Na neodređeno vreme"),
            "number_of_positions": 1,
            "place": t("Tiranë", "Tirana", "Tirana"),
            "salary_reference": t(
                "VKM nr.325, datë 31.05.2023, i ndryshuar",
                "Council of Ministers Decision (VKM) no. 325 of 31.05.2023, as amended",
                "Odluka Saveta ministara (VKM) br. 325 od 31.05.2023, sa izmenama",
            ),
            "description": t(
                "Ekspert “Senior Backend Developer/System Architect” Ekspert “Zhvillues i lartë Backend/ "
                "Arkitekt Sistemesh) të specializuar për të dizejnuar dhe implementuar sistemet server-side "
                "komplekse. Kandidati do të jetë përgjegjës për arkitekturën e sistemeve, performancën, sigurinë "
                "dhe integrimin e aplikacioneve."
            ),
            "duties": t(
                "Dizenjimi dhe implementimi i arkitekturës së sistemeve.\n"
                "Dizenjimi i databazave, optimizimi dhe strategjitë Backup.\n"
                "Zhvillimi i API-it dhe dokumentimi përkatës\n"
                "Implementimi i sigurisë dhe vlerësimi i vulnerabiliteteve\n"
                "Monitorimi dhe optimizimi i performancës,strategjitë “scaling”/të rritjes\n"
                "Integrimi me sistemet e jashtme dhe shërbimet me palët e treta\n"
                "Mentorim teknik dhe lidership në rishikimin e kodeve\n"
                "Mirëmbajtje sistemi dhe planifikim të rikuperimit në rast katastrofe “Disaster recovery”\n"
                "Kryen detyra të tjera përkatëse sipas kërkesave të eprorit brenda fushës së përgjegjësisë"
            ),
            "scoring_scheme": "f1",
            "places": [],
            "requirements": [
                # Item 11, a) … dh): the general requirements of the Albanian civil service.
                req(
                    "general",
                    t(
                        "Të ketë shtetësinë shqiptare",
                        "Holds Albanian citizenship",
                        "Da ima albansko državljanstvo",
                    ),
                ),
                req(
                    "general",
                    t(
                        "Të jetë jo më pak se 18 vjeç",
                        "Is at least 18 years old",
                        "Da ima najmanje 18 godina",
                    ),
                ),
                req(
                    "general",
                    t(
                        "Të gëzojë zotësi të plotë për të vepruar",
                        "Has full legal capacity to act",
                        "Da ima punu poslovnu sposobnost",
                    ),
                ),
                req(
                    "general",
                    t(
                        "Të plotësojë kërkesat për llojin dhe nivelin arsimor, si dhe të zotërojë aftësitë "
                        "profesionale të domosdoshme, për vendin përkatës të punës, sipas kritereve të miratuara",
                        "Meets the requirements on the type and level of education and has the professional skills "
                        "the position needs, according to the approved criteria",
                        "Da ispunjava uslove u pogledu vrste i nivoa obrazovanja i da poseduje stručne veštine "
                        "neophodne za odgovarajuće radno mesto, prema usvojenim kriterijumima",
                    ),
                ),
                req(
                    "general",
                    t(
                        "Të jetë i aftë për punë nga ana shëndetësore",
                        "Is medically fit for work",
                        "Da je zdravstveno sposoban/na za rad",
                    ),
                ),
                req(
                    "general",
                    t(
                        "Të mos jetë i/e dënuar me burg me vendim gjykate të formës së prerë për kryerje të një krimi",
                        "Has not been sentenced to imprisonment by a final court decision for committing a crime",
                        "Da nije osuđen/a na kaznu zatvora pravosnažnom sudskom odlukom za izvršenje krivičnog dela",
                    ),
                ),
                req(
                    "general",
                    t(
                        "Të mos jetë marrë masa disiplinore me largim nga puna, brenda 1 viti nga data e aplikimit",
                        "Has not been dismissed as a disciplinary measure within 1 year before the date of application",
                        "Da mu/joj nije izrečena disciplinska mera otpuštanja s posla u roku od 1 godine od datuma "
                        "prijave",
                    ),
                ),
                # Item 12, a. … h.: the specific requirements.
                req(
                    "other",
                    t(
                        "Grada/Titulli: Ekspert “Senior Backend Developer/System Architect” "
                        "(Ekspert “Zhvillues i lartë Backend/ Arkitekt Sistemesh”)",
                        "Rank/title: Expert “Senior Backend Developer/System Architect”",
                        "Čin/zvanje: Ekspert „Senior Backend Developer/System Architect” "
                        "(Ekspert „Viši backend programer/Arhitekta sistema”)",
                    ),
                ),
                req(
                    "education",
                    t(
                        "Diplomë “Master Shkencor” në fushat teknologji informacioni, informatikë, inxhinieri "
                        "telekomunikacioni, inxhineri informatike/softweri, inxhinieri elektronike, shkenca "
                        "kompjuterike, sisteme informacioni ose fusha të ngjashme me to.",
                        "“Master of Science” degree in information technology, informatics, telecommunications "
                        "engineering, computer/software engineering, electronic engineering, computer science, "
                        "information systems or related fields.",
                        "Diploma „master nauka” iz oblasti informacionih tehnologija, informatike, telekomunikacionog "
                        "inženjerstva, računarskog/softverskog inženjerstva, elektronskog inženjerstva, računarskih "
                        "nauka, informacionih sistema ili srodnih oblasti.",
                    ),
                ),
                req(
                    "qualification",
                    t(
                        "Backend Frameworks: Node.js, Express.js, Python (Django, FastAPI), Java (Spring Boot), "
                        ".NET Core\n"
                        "Database Technologies: PostgreSQL, MySQL, MongoDB, Redis, database clustering dhe replikimi.\n"
                        "API Development: RESTful services, GraphQL, gRPC, microservices architecture\n"
                        "Authentication & Security: OAuth 2.0, JWT, encryption, security best practices, penetration "
                        "testing\n"
                        "Server Technologies: Linux/Windows server management, process monitoring, system optimization",
                        "Backend Frameworks: Node.js, Express.js, Python (Django, FastAPI), Java (Spring Boot), "
                        ".NET Core\n"
                        "Database Technologies: PostgreSQL, MySQL, MongoDB, Redis, database clustering and "
                        "replication.\n"
                        "API Development: RESTful services, GraphQL, gRPC, microservices architecture\n"
                        "Authentication & Security: OAuth 2.0, JWT, encryption, security best practices, penetration "
                        "testing\n"
                        "Server Technologies: Linux/Windows server management, process monitoring, system optimization",
                        "Backend okviri: Node.js, Express.js, Python (Django, FastAPI), Java (Spring Boot), .NET Core\n"
                        "Tehnologije baza podataka: PostgreSQL, MySQL, MongoDB, Redis, klasterovanje i replikacija "
                        "baza podataka.\n"
                        "Razvoj API-ja: RESTful servisi, GraphQL, gRPC, mikroservisna arhitektura\n"
                        "Autentifikacija i bezbednost: OAuth 2.0, JWT, šifrovanje, najbolje bezbednosne prakse, "
                        "testiranje prodora\n"
                        "Serverske tehnologije: upravljanje Linux/Windows serverima, praćenje procesa, optimizacija "
                        "sistema",
                    ),
                ),
                req(
                    "training",
                    t(
                        "Trajnime të ndryshme në fushën relevante të pozicionit të punës.",
                        "Various trainings in the field relevant to the position.",
                        "Razne obuke u oblasti relevantnoj za radno mesto.",
                    ),
                ),
                req(
                    "experience",
                    t(
                        "Minimum 5 vjet përvojë",
                        "At least 5 years of experience",
                        "Najmanje 5 godina iskustva",
                    ),
                    min_years=5,
                ),
                req("language", t("Anglisht", "English", "Engleski jezik")),
                req(
                    "other",
                    t(
                        "Përvojë me dizenjimin e arkitekturës së sistemve. Portfol të sistemeve backend me trafik të "
                        "lartë aplikimi. Njohuri të thella të optimizimit të performancës dhe implementimit të "
                        "sigurisë.",
                        "Experience in designing system architecture. A portfolio of high-traffic backend systems. "
                        "In-depth knowledge of performance optimisation and of implementing security.",
                        "Iskustvo u projektovanju arhitekture sistema. Portfolio backend sistema sa velikim "
                        "saobraćajem. Duboko poznavanje optimizacije performansi i primene bezbednosnih mera.",
                    ),
                ),
                req(
                    "security_clearance",
                    t(
                        "Të plotësojë kriteret per tu pajisur me Çertifikatë të sigurimit te personelit, sipas VKM "
                        "nr.188/2015. Çertifikatë Sigurie “Secret”.",
                        "Meets the criteria for a personnel security certificate under Council of Ministers Decision "
                        "(VKM) no. 188/2015. Security certificate “Secret”.",
                        "Da ispunjava kriterijume za dobijanje sertifikata o bezbednosti osoblja, prema Odluci Saveta "
                        "ministara (VKM) br. 188/2015. Bezbednosni sertifikat „Secret”.",
                    ),
                ),
            ],
            # Item 10: sixteen documents; two are asked "nëse ka" (if any).
            "documents": [
                doc(t("Kërkesën", "Request", "Zahtev")),
                doc(t("Formularin e aplikimit", "Application form", "Obrazac za prijavu")),
                doc(
                    t(
                        "Fotokopje të kartës së identitetit",
                        "Photocopy of the identity card",
                        "Fotokopija lične karte",
                    )
                ),
                doc(
                    t(
                        "Diplomën e shkollës së lartë të noterizuar sëbashku me listë notash",
                        "Notarised higher-education diploma, together with the list of grades",
                        "Overena diploma visokog obrazovanja, zajedno sa spiskom ocena",
                    )
                ),
                doc(
                    t(
                        "Fotokopje të patentës nëse ka",
                        "Photocopy of the driving licence, if any",
                        "Fotokopija vozačke dozvole, ako je ima",
                    ),
                    required=False,
                ),
                doc(
                    t(
                        "Dëshmi profesioni nëse ka",
                        "Professional licence, if any",
                        "Stručna licenca, ako je ima",
                    ),
                    required=False,
                ),
                doc(
                    t(
                        "Certifikatë ose dëshmi të gjuhëve të huaja",
                        "Certificate or proof of foreign languages",
                        "Sertifikat ili potvrda o znanju stranih jezika",
                    )
                ),
                doc(t("Raport mjekësor", "Medical report", "Lekarski izveštaj")),
                doc(
                    t("Fotografi", "Photographs", "Fotografije"),
                    notes=t(
                        "4x6 2 copë dhe 9x12 2 copë",
                        "4x6: 2 copies and 9x12: 2 copies",
                        "4x6: 2 komada i 9x12: 2 komada",
                    ),
                ),
                doc(t("Dëshmi penaliteti", "Criminal record certificate", "Uverenje o nekažnjavanju")),
                doc(t("Vërtetim nga gjykata", "Certificate from the court", "Uverenje suda")),
                doc(
                    t(
                        "Vërtetim nga prokuroria",
                        "Certificate from the prosecution office",
                        "Uverenje tužilaštva",
                    )
                ),
                doc(t("Librezë pune", "Employment record book", "Radna knjižica")),
                doc(t("Jetëshkrimin (CV)", "Curriculum vitae (CV)", "Biografija (CV)")),
                doc(t("Letër motivimi", "Motivation letter", "Motivaciono pismo")),
                doc(
                    t("Formularin e vetëdeklarimit", "Self-declaration form", "Obrazac samoizjave"),
                    notes=t(
                        "I cili gjendet në faqen e internetit të MM-së në adresën elektronike www.mod.gov.al."
                        "(linku: Baza ligjore/Akte ligjore/ Integriteti i personave që ushtrojnë funksione "
                        "publike/formulari i vetdeklarimit)",
                        "Found on the Ministry's web site, www.mod.gov.al (link: Baza ligjore/Akte ligjore/ "
                        "Integriteti i personave që ushtrojnë funksione publike/formulari i vetdeklarimit)",
                        "Nalazi se na internet stranici Ministarstva, www.mod.gov.al (link: Baza ligjore/Akte "
                        "ligjore/ Integriteti i personave që ushtrojnë funksione publike/formulari i vetdeklarimit)",
                    ),
                ),
            ],
        },
    ],
}

# ---------------------------------------------------------------------------------------------------------
# K23 — KQZ, konkurs për staf jo permanent, KQZ 42/2023 … KQZ 51/2023 (issued under regulation 03/2017)
# ---------------------------------------------------------------------------------------------------------

# "Mënyra e aplikimit": the five attachments, the same for every position.
_K23_DOCUMENTS = [
    doc(t("Biografi profesionale (CV)", "Professional biography (CV)", "Profesionalna biografija (CV)")),
    doc(t("Letër motivuese", "Motivation letter", "Motivaciono pismo")),
    doc(t("Kopja e letërnjoftimit", "Copy of the identity card", "Kopija lične karte")),
    doc(
        t(
            "Kopjet e dokumentacionit për kualifikimin",
            "Copies of the qualification documents",
            "Kopije dokumentacije o kvalifikacijama",
        )
    ),
    doc(
        t(
            "Dëshmitë mbi përvojën e punës dhe atë profesionale",
            "Proofs of work and professional experience",
            "Dokazi o radnom i profesionalnom iskustvu",
        )
    ),
]

# Translations shared by rows the source repeats; the Albanian is always the row's own spelling.
_EN = {
    "integrity": ("High personal and professional integrity", "Visok lični i profesionalni integritet"),
    "impartial": (
        "Ability and willingness to work impartially and with people of different ethnic backgrounds",
        "Sposobnost i spremnost za nepristrasan rad i rad sa ljudima različite etničke pripadnosti",
    ),
    "other_language": (
        "Knowledge of the other official language is desirable",
        "Poznavanje drugog službenog jezika je poželjno",
    ),
    "other_language_adv": (
        "Knowledge of the other official language is considered an advantage",
        "Poznavanje drugog službenog jezika smatra se prednošću",
    ),
    "english": ("Knowledge of English is desirable", "Poznavanje engleskog jezika je poželjno"),
    "shifts": (
        "Willing to work in shifts, beyond regular working hours, extended hours",
        "Spreman/na za rad u smenama, i van redovnog radnog vremena, produženo radno vreme",
    ),
    "it": (
        "Knowledge of information technology (MS Word, MS Excel and MS Access)",
        "Poznavanje informacionih tehnologija (MS Word, MS Excel i MS Access)",
    ),
    "it_qnr": (
        "Knowledge of information technology (MS Word, MS Access, MS Excel)",
        "Poznavanje informacionih tehnologija (MS Word, MS Access, MS Excel)",
    ),
    "official_languages": (
        "Excellent oral and written communication skills in the official languages",
        "Odlične veštine usmene i pismene komunikacije na službenim jezicima",
    ),
    "one_official_language": (
        "Excellent oral and written communication skills in one of the official languages",
        "Odlične veštine usmene i pismene komunikacije na jednom od službenih jezika",
    ),
    "secondary": ("At least a secondary-school diploma", "Najmanje diploma srednje škole"),
    "university_adv": (
        "A university diploma is considered an advantage",
        "Univerzitetska diploma smatra se prednošću",
    ),
    "election_admin_adv": (
        "Work experience in election administration is considered an advantage",
        "Radno iskustvo u sprovođenju izbora smatra se prednošću",
    ),
    "election_experience": (
        "Professional experience in elections and in a similar field",
        "Profesionalno iskustvo u izborima i u sličnoj oblasti",
    ),
}


def _k(key: str, sq: str) -> dict:
    en, sr_latn = _EN[key]
    return t(sq, en, sr_latn)


_QNR = t(
    "Qendra e Numërimit dhe Rezultateve", "Counting and Results Centre", "Centar za prebrojavanje i rezultate"
)
_QNR_HEAD = t(
    "Udhëheqës i Qendrës së Numërimit dhe Rezultateve",
    "Head of the Counting and Results Centre",
    "Rukovodilac Centra za prebrojavanje i rezultate",
)


def _k23_position(order: int, number: int, **fields) -> dict:
    position = {
        "order": order,
        "code": f"KQZ {number}/2023",
        "category": "non_permanent",
        "grade": t(""),
        "department": t(""),
        "contract_type": "fixed_term",
        # "Kohëzgjatja e emërimit: Me afat të caktuar" (48 writes "Me afat te caktuar").
        "duration": t("Me afat të caktuar", "Fixed term", "Na određeno vreme"),
        "number_of_positions": 1,
        "place": t(""),
        "salary_reference": t(""),
        "description": t(""),
        "scoring_scheme": "custom",  # K23 names no point scheme: HR defines one
        "places": [],
        "documents": _K23_DOCUMENTS,
    }
    position.update(fields)
    return position


K23 = {
    "institution": "KQZ",
    "reference": "KQZ 42-51/2023",
    # Issued under regulation 03/2017 (repealed by R-41), as its legal basis says.
    "rule_set": "kqz-03-2017",
    "title": t(
        "Konkurs për staf jo permanent", "Competition for non-permanent staff", "Konkurs za nestalno osoblje"
    ),
    # The opening paragraph (Albanian only: the legal text as the KQZ published it).
    "legal_basis": t(
        "Në bazë të Vendimit të Presidentes nr. 09/1637-2022 i datës 10.12.2022 për Shtyrjen dhe Caktimin e "
        "datës së re të Zgjedhjeve të Jashtëzakonshme për Kryetar të Komunave: Mitrovicë e Veriut, Zubin Potok, "
        "Zveçan dhe Leposaviq , si dhe zgjedhjeve të Parakohshme për Kuvendet e Komunave Zveçan dhe Leposaviq, "
        "Rregullores nr. 03/2017 për Procedurat e Rekrutimit, Emërimit dhe Punës Provuese, në Sekretariatën e "
        "Komisionit Qendror të Zgjedhjeve si dhe Vendimit nr. 01 – 219- 2023 të KQZ-së, të datës 01.02.2023, për "
        "Miratimin e Rishikimit të Planit të Angazhimit të Stafit jo Permanent të Zgjedhjeve të Jashtëzakonshme "
        "për Kryetar të Komunave: Mitrovicë e Veriut, Zubin Potok, Zveçan dhe Leposaviq si dhe Zgjedhjeve të "
        "Parakohshme për Kuvendet e Komunave Zveçan dhe Leposaviq, që do të mbahen më datë 23 prill 2023, "
        "Sekretariati i KQZ-së publikon:"
    ),
    "general_description": t(""),
    "formal_requirements": t(""),
    "competencies": t(""),
    # "Mënyra e aplikimit", its first paragraph.
    "how_to_apply": t(
        "Kandidatët e interesuar, aplikacionit për staf zgjedhor duhet t i bashkëngjisin një biografi "
        "profesionale (CV) një Letër motivuese, kopja e letërnjoftimit, kopjet e dokumentacionit për kualifikimin "
        "si dhe dëshmitë mbi përvojën e punës dhe atë profesionale. Dokumentacioni i kompletuar dorëzohet në "
        "Zyrën nr. 21 të Sekretariatit të KQZ-së, ndërtesa e ish Bankës së Lubjanës. kati i -I- zyra nr. 21. "
        "10000 Prishtinë. Adresa elektronike ku mund te shkarkoni kërkesën për punësim – Aplikacionin për staf "
        "zgjedhor, www.kqz-ks.org. çdo ditë punë nga ora 8:00 -16:00 nga data 22.03.2023 deri 24.03.2023, në ora "
        "16:00. Për informata të hollësishme, mund të kontaktoni në numrin e tel: 038-200-23-55, prej orës "
        "08:00 – 16:00.",
        "Interested candidates must attach to the application for election staff a professional biography (CV), "
        "a motivation letter, a copy of the identity card, copies of the qualification documents and proofs of "
        "work and professional experience. The complete documentation is handed in at office no. 21 of the KQZ "
        "Secretariat, former Ljubljanska Banka building, floor I, office no. 21, 10000 Prishtina. The request for "
        "employment (the application for election staff) can be downloaded from www.kqz-ks.org. Every working "
        "day from 8:00 to 16:00, from 22.03.2023 until 24.03.2023 at 16:00. For more information, call "
        "038-200-23-55, from 08:00 to 16:00.",
        "Zainteresovani kandidati uz prijavu za izborno osoblje treba da prilože profesionalnu biografiju (CV), "
        "motivaciono pismo, kopiju lične karte, kopije dokumentacije o kvalifikacijama i dokaze o radnom i "
        "profesionalnom iskustvu. Kompletna dokumentacija predaje se u kancelariji br. 21 Sekretarijata CIK-a, "
        "zgrada bivše Ljubljanske banke, I sprat, kancelarija br. 21, 10000 Priština. Zahtev za zaposlenje "
        "(prijava za izborno osoblje) može se preuzeti na www.kqz-ks.org. Svakog radnog dana od 8:00 do 16:00, "
        "od 22.03.2023. do 24.03.2023. u 16:00. Za detaljnije informacije pozovite 038-200-23-55, od 08:00 do "
        "16:00.",
    ),
    "documents_instructions": t(""),
    "evaluation_method": t(""),
    "notification_method": t(
        "Kandidatët të cilët hyjnë në përzgjedhje të ngushtë, do të informohen lidhur me intervistën nëpërmjet "
        "telefonit, në afat ligjor, nga Zyrtari përgjegjës për personel në Sekretariatit e KQZ-së.",
        "Shortlisted candidates will be informed about the interview by telephone, within the legal deadline, by "
        "the officer responsible for personnel in the KQZ Secretariat.",
        "Kandidati koji uđu u uži izbor biće obavešteni o intervjuu telefonom, u zakonskom roku, od strane "
        "službenika nadležnog za kadrove u Sekretarijatu CIK-a.",
    ),
    "other_notes": t(
        "Konkursi mbetet i hapur 3 ditë kalendarike nga dita e publikimit në Tabelën e improvizuar të shpalljeve "
        "në hyrje të zyrave të selisë së KQZ-së, dhe në ueb faqen zyrtare të KQZ-së.\n\n"
        "Aplikacionet e dërguara pas datës së fundit të mbylljes së shpalljes se konkursit, nuk do të pranohen.\n\n"
        "Kërkesat e pakompletuara nuk do të shqyrtohen.\n\n"
        "“Komisioni Qendror i Zgjedhjeve ofron mundësi të punësimit për të gjithë shtetasit e Kosovës dhe "
        "mirëpret aplikacionet nga të gjithë personat e gjinisë mashkullore dhe femërore nga të gjitha "
        "komunitetet në Kosovës”.",
        "The competition remains open for 3 calendar days from the day of publication on the improvised notice "
        "board at the entrance of the KQZ headquarters and on the official KQZ web site.\n\n"
        "Applications sent after the closing date of the competition will not be accepted.\n\n"
        "Incomplete applications will not be considered.\n\n"
        "“The Central Election Commission offers employment opportunities to all citizens of Kosovo and welcomes "
        "applications from all persons, men and women, of all communities in Kosovo”.",
        "Konkurs ostaje otvoren 3 kalendarska dana od dana objavljivanja na improvizovanoj oglasnoj tabli na "
        "ulazu u kancelarije sedišta CIK-a i na zvaničnoj internet stranici CIK-a.\n\n"
        "Prijave poslate nakon poslednjeg dana za podnošenje prijava neće biti prihvaćene.\n\n"
        "Nepotpune prijave neće biti razmatrane.\n\n"
        "„Centralna izborna komisija pruža mogućnost zapošljavanja svim građanima Kosova i poziva na "
        "prijavljivanje sve osobe muškog i ženskog pola iz svih zajednica na Kosovu”.",
    ),
    "contact_email": "hr@kqz.demo",
    "contact_phone": "038-200-23-55",
    # "nga data 22.03.2023 deri 24.03.2023, në ora 16:00", working hours from 8:00 (Europe/Belgrade).
    "opens_at": "2023-03-22 08:00",
    "closes_at": "2023-03-24 16:00",
    "published_at": "2023-03-22 08:00",
    "status": "closed",
    # Duties stay Albanian-only (one per line, as in the source); see the module docstring.
    "positions": [
        _k23_position(
            1,
            42,
            title=t(
                "Zyrtar për buxhet dhe financa",
                "Budget and Finance Officer",
                "Službenik za budžet i finansije",
            ),
            coefficient=8,
            supervisor=t(
                "Udheheqesi i Divizionit për Buxhet dhe Financa",
                "Head of the Budget and Finance Division",
                "Rukovodilac Divizije za budžet i finansije",
            ),
            duties=t(
                "Siguron dhe mban evidencën e zotimeve sipas planit buxhetor,\n"
                "Përgatite dhe kompletton lendet për pagese me dokumentacionet valide përcjellëse dhe të "
                "nënshkruara nga zyrtarët përkatës;\n"
                "Është përgjegjës për regjistrimin e pagesave në Urdhër Obligim për Pagesa,\n"
                "Pranon faturat dhe verifikon nëse janë paguar dhe i proceson për pagesë,\n"
                "Kryen dhe detyra tjera që i caktohen nga mbikëqyrësi."
            ),
            requirements=[
                req("education", t("Diplomë Universitare", "University diploma", "Univerzitetska diploma")),
                req(
                    "experience",
                    t(
                        "Përvojë e konsiderueshme në zgjedhje dhe në sektorin publik dhe privat",
                        "Considerable experience in elections and in the public and private sectors",
                        "Značajno iskustvo u izborima i u javnom i privatnom sektoru",
                    ),
                ),
                req("other", _k("integrity", "Integritet të lartë personal dhe profesional")),
                req(
                    "language",
                    _k(
                        "official_languages",
                        "Shkathësi të shkëlqyera në komunikim me gojë dhe me shkrim në gjuhët zyrtare",
                    ),
                ),
                req(
                    "other",
                    _k(
                        "impartial",
                        "Aftësi dhe gatishmëri për të punuar në mënyrë të paanshme dhe me njerëz të përkatësive të "
                        "ndryshme etnike",
                    ),
                ),
                req(
                    "language",
                    _k("other_language", "Njohja e gjuhës tjetër zyrtare e dëshirueshme"),
                    advantage=True,
                ),
                req("language", _k("english", "Njohje e gjuhës angleze e dëshirueshme"), advantage=True),
                req(
                    "qualification",
                    _k("it", "Njohje të teknologjisë informative (MS Word, MS Excel dhe MS Access)."),
                ),
            ],
        ),
        _k23_position(
            2,
            43,
            title=t(
                "Zyrtar i Teknologjisë Informative në SKQZ",
                "Information Technology Officer in the KQZ Secretariat",
                "Službenik za informacione tehnologije u Sekretarijatu CIK-a",
            ),
            coefficient=8,
            department=t(
                "Departamenti për Teknologji Informative",
                "Department for Information Technology",
                "Departman za informacione tehnologije",
            ),
            supervisor=t(
                "Zyrtarë i Lartë i Teknologjisë Informative",
                "Senior Information Technology Officer",
                "Viši službenik za informacione tehnologije",
            ),
            number_of_positions=2,
            duties=t(
                "Instalimi i kompjuterëve, printerëve dhe pajisjeve tjera të TI-së,\n"
                "Instalimi i sistemeve operative dhe aplikacioneve tjera, sipas udhëzimeve nga mbikëqyrësit\n"
                "Instalimi i rrjetave lokale dhe konfigurimi i pajisjeve të rrjetës,\n"
                "Administrimi i pajisjeve të zërimit, përkthimit simultant dhe audioincizim elektronik,\n"
                "Futja e të dhënave dhe veprimet tjera në aplikacionet e ndryshme të KQZ-së sipas udhëzimeve nga "
                "mbikëqyrësit,\n"
                "Detyra dhe përgjegjësi të tjera që i caktohen nga mbikëqyrësit."
            ),
            requirements=[
                req(
                    "education",
                    t(
                        "Diplomë Universitare në Shkencat Kompjuterike ose vijimi i studimeve në vitin e fundit",
                        "University diploma in Computer Science, or studies in their final year",
                        "Univerzitetska diploma iz računarskih nauka ili studije na završnoj godini",
                    ),
                ),
                # The source glues this row to the next ("InformativNjohuri"): split.
                req(
                    "experience",
                    t(
                        "Minimum një (1) vit përvojë pune në fushën e teknologjisë Informativ",
                        "At least one (1) year of work experience in information technology",
                        "Najmanje jedna (1) godina radnog iskustva u oblasti informacionih tehnologija",
                    ),
                    min_years=1,
                ),
                req(
                    "qualification",
                    t(
                        "Njohuri të avancuara për sistemet operative të Windows",
                        "Advanced knowledge of the Windows operating systems",
                        "Napredno poznavanje operativnih sistema Windows",
                    ),
                ),
                req(
                    "qualification",
                    t(
                        "Njohuri në sigurimin e tavolinë ndihmëse; instalimin e printerëve, kompjuterëve dhe zgjidhje "
                        "e problemeve të ndryshme që lidhen me pajisjet e TI-së",
                        "Knowledge of running a help desk; installing printers and computers and solving the various "
                        "problems of IT equipment",
                        "Poznavanje rada službe za pomoć korisnicima; instaliranje štampača i računara i rešavanje "
                        "raznih problema u vezi sa IT opremom",
                    ),
                ),
                req(
                    "language",
                    _k(
                        "official_languages",
                        "Shkathtësi të shkëlqyera në komunikim me gojë dhe me shkrim në gjuhët zyrtare",
                    ),
                ),
                req(
                    "other",
                    _k(
                        "impartial",
                        "Aftësi dhe gadishmëri për të punuar në mënyrë të paanshme dhe me njerëz të përkatësive të "
                        "ndryshme etnike",
                    ),
                ),
            ],
        ),
        _k23_position(
            3,
            44,
            title=t(
                "Zyrtar i Administratës dhe Logjistikës në Komisionin Komunal të Zgjedhjeve",
                "Administration and Logistics Officer in the Municipal Election Commission",
                "Službenik za administraciju i logistiku u Opštinskoj izbornoj komisiji",
            ),
            coefficient=7,
            department=t(
                "Departamenti i Koordinimit në Terren",
                "Field Coordination Department",
                "Departman za koordinaciju na terenu",
            ),
            supervisor=t(
                "Zyrtari i Lartë Komunal i Zgjedhjeve",
                "Senior Municipal Election Officer",
                "Viši opštinski izborni službenik",
            ),
            # "Vendi i Punës: Sipas komunave përkatëse: 3 zyrtar" (no "Numri i pozitave" row).
            number_of_positions=3,
            place=t(
                "Sipas komunave përkatëse", "In the respective municipalities", "U odgovarajućim opštinama"
            ),
            # "Leposaviç - një (1) pozitë, Zubin Potok – një (1) pozitë, Zveçan – një (1) pozitë": the source
            # spells Leposaviç here (Leposaviq in its opening paragraph); this row is stored as written.
            places=[
                {"place": t("Leposaviç", "Leposavić", "Leposavić"), "count": 1},
                {"place": t("Zubin Potok", "Zubin Potok", "Zubin Potok"), "count": 1},
                {"place": t("Zveçan", "Zvečan", "Zvečan"), "count": 1},
            ],
            # The source prints this sentence between the duties and the qualifications of 44.
            description=t(
                "Të interesuarit duhet të aplikojnë në Sekretariatit e KQZ-së.",
                "Those interested must apply to the KQZ Secretariat.",
                "Zainteresovani treba da se prijave Sekretarijatu CIK-a.",
            ),
            duties=t(
                "Është përgjegjës për pranimin e dokumentacioneve personale të stafit zgjedhor, sistemimin dhe "
                "ruajtjen e tyre, përpilimin e listave me saktësi të KKZ-së, KVV-ve dhe Stafit Teknik.\n"
                "Ndihej Komisionin Komunal të Zgjedhjeve sipas nevojave për furnizim, transport dhe detyra tjera "
                "në funksion të KKZ-së për zbatimin e planeve operationale për zgjedhje në KKZ\n"
                "Përkujdeset për zbatimin e aktiviteteve sipas kërkesave të KKZ apo SKQZ-së dhe burimet tjera për "
                "materialet zgjedhore\n"
                "Ndihmon Zyrtarin e Larte Komunal te Zgjedhjeve dhe KKZ-ne për cilësinë dhe saktësinë e "
                "materialeve administrative zgjedhore të nevojshme për KKZ-në:\n"
                "Mirëmban të dhënat e menaxhimit të furnizimit me material për zgjedhje, regjistrimin e materialit "
                "ne KKZ, administrimin e materialeve dhe menaxhimin e depos Komunale te KKZ-së;\n"
                "Koordinon aktivitetet në mes DKT-së, KKZ-se për pranimin, dorëzimin dhe shpërndarjen e "
                "materialeve për zgjedhje;\n"
                "Kryen detyra të tjera teknike dhe administrative kur i kërkohet nga mbikëqyrësi."
            ),
            requirements=[
                # "Të ketë së paku diplome të shkollës se mesme, ndërsa diplomë universiteti konsiderohet
                # përparësi": the condition and the advantage as two rows.
                req("education", _k("secondary", "Të ketë së paku diplome të shkollës se mesme")),
                req(
                    "education",
                    _k("university_adv", "Diplomë universiteti konsiderohet përparësi"),
                    advantage=True,
                ),
                req(
                    "experience",
                    _k(
                        "election_admin_adv",
                        "Të ketë përvojë pune në administrim të zgjedhjeve konsiderohet përparësi",
                    ),
                    advantage=True,
                ),
                req("other", _k("integrity", "Integritet të lartë personal dhe profesional")),
                req(
                    "language",
                    _k(
                        "one_official_language",
                        "Shkathtësi të shkëlqyera në komunikim me gojë dhe me shkrim në njërën nga gjuhët zyrtare",
                    ),
                ),
                req(
                    "other",
                    _k(
                        "impartial",
                        "Aftësi dhe gatishmëri për të punuar në mënyrë të paanshme dhe me njerëz të përkatësive të "
                        "ndryshme etnike",
                    ),
                ),
                req(
                    "language",
                    _k("other_language_adv", "Njohja e gjuhës tjetër zyrtare konsiderohet si përparësi"),
                    advantage=True,
                ),
                req(
                    "qualification",
                    t(
                        "Të ketë njohje të teknologjisë informative (MS Word, MS Excel dhe MS Access dhe internet)",
                        "Knowledge of information technology (MS Word, MS Excel and MS Access, and the internet)",
                        "Poznavanje informacionih tehnologija (MS Word, MS Excel i MS Access, i interneta)",
                    ),
                ),
            ],
        ),
        _k23_position(
            4,
            45,
            title=t(
                "Zyrtar i Logjistikës në QNR",
                "Logistics Officer at the Counting and Results Centre",
                "Službenik za logistiku u Centru za prebrojavanje i rezultate",
            ),
            coefficient=7,
            department=_QNR,
            supervisor=_QNR_HEAD,
            duties=t(
                "Proceson dhe përcjell të gjitha çështjet administrative lidhur me funksionimin efektiv të zyrës "
                "së Logjistikës;\n"
                "Bën inventarizimin e materialeve para dhe pas procesit të zgjedhjeve;\n"
                "I përcjell dërgesat që vijnë dhe që dalin nga prokurimi dhe depoja;\n"
                # The source glues these two duties ("dërgohen;Pranon"): split.
                "Mban shënime për raportet që arrijnë, klasifikon dhe kodon materialet që dërgohen;\n"
                "Pranon, numëron, skedon dhe shqyrton kërkesat për mall;\n"
                "Siguron të ketë furnizim të materialit për zyre për stafin menaxhues dhe personelin e QNR-së;\n"
                "Pranon, u cakton numrin, i skedon dhe shqyrton kërkesat hyrëse të blerjes;\n"
                "Mirëmban sistemet e skedimit dhe bazë së të dhënave;\n"
                "Mban evidencën e transportit dhe mirëmban listat e stafit gjate transportit për ne QNR;\n"
                "Kryen edhe detyra tjera kur i caktohen;"
            ),
            requirements=[
                req("education", _k("secondary", "Të ketë së paku diplomë të shkollës së mesme")),
                req(
                    "education",
                    _k("university_adv", "Diploma e universitetit konsiderohet përparësi"),
                    advantage=True,
                ),
                req(
                    "experience",
                    t(
                        "Të ketë përvojë pune profesionale si trajner apo në fushat e ngjashme në zgjedhje",
                        "Professional work experience as a trainer or in similar fields in elections",
                        "Profesionalno radno iskustvo kao trener ili u sličnim oblastima u izborima",
                    ),
                ),
                req(
                    "experience",
                    t(
                        "Përvojë pune në zgjedhje konsiderohet përparësi",
                        "Work experience in elections is considered an advantage",
                        "Radno iskustvo u izborima smatra se prednošću",
                    ),
                    advantage=True,
                ),
                req(
                    "language",
                    t(
                        "Shkathtësi të shkëlqyeshme për hartim dhe shprehje me shkrim në gjuhën shqipe",
                        "Excellent drafting and written expression skills in Albanian",
                        "Odlične veštine sastavljanja i pismenog izražavanja na albanskom jeziku",
                    ),
                ),
                req(
                    "qualification",
                    _k("it_qnr", "Njohje të teknologjisë informative ( Ms Word, Ms Access, Ms Excel)"),
                ),
                req(
                    "language",
                    _k("other_language", "Njohja e gjuhës tjetër zyrtare e dëshirueshme"),
                    advantage=True,
                ),
                req("language", _k("english", "Njohje e gjuhës angleze (e dëshirueshme)."), advantage=True),
            ],
        ),
        _k23_position(
            5,
            46,
            title=t(
                "Zyrtar i Teknologjisë Informative në QNR",
                "Information Technology Officer at the Counting and Results Centre",
                "Službenik za informacione tehnologije u Centru za prebrojavanje i rezultate",
            ),
            coefficient=8,
            department=_QNR,
            supervisor=_QNR_HEAD,
            duties=t(
                "Mirëmban, zhvillon dhe operon me sistemet e TI-së që përdorën në QNR;\n"
                "Përgatit, mirëmbajtjen, azhurnon dhe përkrahjen teknike të sistemit multipërdoruesve brenda "
                "QNR-së;\n"
                "Administron rrjetin e brendshëm të QNR-së dhe shërbimet e printimit;\n"
                "Siguron ndihmën e tavolinës ndihmëse dhe mirëmbajtjen dhe riparimin e hardwerit;\n"
                "Krijon, mirëmban dhe siguron sistemin për stafin kryesor me SKQZ-në;\n"
                "Mirëmban sistemin e profilit të përdoruesve dhe problemet teknike;\n"
                "Sigurohet që brenda QNR-së të ketë sistem të mbyllur të internetit (intranet);\n"
                "Punon në sistemin e ndërrimit nga dita e zgjedhjeve deri sa procesi të kompletohet;\n"
                "Kryen edhe detyra tjera kur i caktohen;"
            ),
            requirements=[
                # The source glues these two rows ("Kompjuterike Të ketë"): split.
                req(
                    "education",
                    t(
                        "Të ketë diplomë universiteti në Shkenca Kompjuterike",
                        "University diploma in Computer Science",
                        "Univerzitetska diploma iz računarskih nauka",
                    ),
                ),
                req(
                    "experience",
                    _k(
                        "election_experience",
                        "Të ketë përvojë profesionale në zgjedhje dhe në fushën e ngjashme",
                    ),
                ),
                req(
                    "experience",
                    t(
                        "Përvojë profesionale në sistemet e informimit të menaxhmentit dhe në përkrahjen e shfrytëzuesve",
                        "Professional experience in management information systems and in user support",
                        "Profesionalno iskustvo u upravljačkim informacionim sistemima i u podršci korisnicima",
                    ),
                ),
                req(
                    "other",
                    _k(
                        "shifts",
                        "I gatshëm të punoj në ndërrim, edhe përtej standardeve të orarit të rregullt, orar të zgjatur",
                    ),
                ),
                req(
                    "qualification",
                    _k("it_qnr", "Njohje të teknologjisë informative ( Ms Word, Ms Access, Ms Excel)"),
                ),
                req(
                    "language",
                    _k("other_language", "Njohja e gjuhës tjetër zyrtare e dëshirueshme"),
                    advantage=True,
                ),
                req("language", _k("english", "Njohje e gjuhës angleze (e dëshirueshme)."), advantage=True),
            ],
        ),
        _k23_position(
            6,
            47,
            title=t(
                "Zyrtar i Sigurimit të Brendshëm në QNR",
                "Internal Security Officer at the Counting and Results Centre",
                "Službenik za unutrašnje obezbeđenje u Centru za prebrojavanje i rezultate",
            ),
            coefficient=7,
            department=_QNR,
            supervisor=_QNR_HEAD,
            duties=t(
                "Kujdeset për sigurinë dhe rregullon brenda QNR-së;\n"
                "Siguron që gjithë pajisjet e sigurimit dhe sigurisë janë të siguruara dhe të përshtatshme me "
                "standardet e procesit zgjedhor;\n"
                "Monitoron dhe vëzhgon 24/7 me sistemin e kamerave gjithë hapësirën e brendshme dhe të jashtme të "
                "QNR-së.\n"
                "Zhvillon metoda dhe plane Operacionale të kujdeset në gjërat që lidhen me sigurimin (psh. "
                "Transportimin e materialit sensitiv, sigurimin e QNR-së etj.);\n"
                "Kujdeset dhe siguron mbështetje për draftimin e përshtatshëm të instruksioneve të sigurimit, "
                "sigurisë dhe specifikave për sigurimin;\n"
                "Kujdeset dhe siguron mbështetje të sigurojë që të gjitha procedurat janë aplikuar korrekt në të "
                "gjitha grupet etnike;\n"
                "Kujdeset dhe siguron mbështetje të koordinojë me stafin menaxhues, organizimet dhe aktivitetet "
                "specifike;\n"
                "Kryen edhe detyra tjera kur i caktohen"
            ),
            requirements=[
                req(
                    "education",
                    t(
                        "Të ketë diplomë në shkollim të mesëm",
                        "Secondary-school diploma",
                        "Diploma srednje škole",
                    ),
                ),
                req(
                    "experience",
                    _k(
                        "election_experience",
                        "Të ketë përvojë profesionale në zgjedhje dhe në fushën e ngjashme",
                    ),
                ),
                # The source prints this row twice: stored once.
                req(
                    "other",
                    _k(
                        "shifts",
                        "I gatshëm të punoj në ndërrim, edhe përtej standardeve të orarit të rregullt, orar të zgjatur",
                    ),
                ),
                req(
                    "qualification",
                    _k("it_qnr", "Njohje të teknologjisë informative ( Ms Word, Ms Access, Ms Excel)"),
                ),
                req(
                    "language",
                    _k("other_language", "Njohja e gjuhës tjetër zyrtare e dëshirueshme"),
                    advantage=True,
                ),
                req("language", _k("english", "Njohje e gjuhës angleze (e dëshirueshme)"), advantage=True),
            ],
        ),
        _k23_position(
            7,
            48,
            title=t(
                "Zyrtar i Logjistikes në SKQZ",
                "Logistics Officer in the KQZ Secretariat",
                "Službenik za logistiku u Sekretarijatu CIK-a",
            ),
            # "Grada/Koeficienti: Niveli Profesional- koeficient - 7"
            grade=t("Niveli Profesional", "Professional level", "Profesionalni nivo"),
            coefficient=7,
            department=t(
                "Departamenti i Administrates dhe Perkrahjes",
                "Department of Administration and Support",
                "Departman za administraciju i podršku",
            ),
            supervisor=t(
                "Udheheqesi i Divizionit të Logjistikes dhe Transportit",
                "Head of the Logistics and Transport Division",
                "Rukovodilac Divizije za logistiku i transport",
            ),
            number_of_positions=3,
            duties=t(
                "Ndihmon logjistikene sipas nevojave per furnizim,pranim,dorzim.\n"
                "Pranon kerkesa per material administrativ dhe detyra tjera ne funksion të logjistikes -dhe per "
                "zbatimin e planeve operacionale për zgjedhje së dhe burimet tjera.\n"
                "Ndihmon logjistiken ne furnizim te stafit me material administrativ dhe furnizime te ndryshme .\n"
                "Mban evidence per furnizimet, perkujdeset per materialet zgjedhore je jo zgjedhore .\n"
                "Bene kontrollimin e materialeve se bashku me logjistiken e SKQZ-se\n"
                "Ndihmon logjistiken ne shperndarjen e materialeve zgjedhore dhe jo zgjedhore per pranim dorzimin "
                "e materialeve te zyrtareve komunal dhe stafit\n"
                "Kryen detyra të tjera kur i caktohen nga mbikëqyrësi."
            ),
            requirements=[
                req("education", _k("secondary", "Të ketë së paku diplome te shkollës se mesme")),
                req(
                    "education",
                    _k("university_adv", "Diplomë universiteti konsiderohet përparësi"),
                    advantage=True,
                ),
                req(
                    "experience",
                    _k(
                        "election_admin_adv",
                        "Të ketë përvojë pune në administrim të zgjedhjeve konsiderohet përparësi",
                    ),
                    advantage=True,
                ),
                req("other", _k("integrity", "Integritet të lartë personal dhe profesional")),
                req(
                    "language",
                    _k(
                        "one_official_language",
                        "Shkathësi të shkëlqyera në komunikim me gojë dhe me shkrim në njërën nga gjuhët zyrtare",
                    ),
                ),
                req(
                    "other",
                    _k(
                        "impartial",
                        "Aftësi dhe gatishmëri për të punuar në mënyrë të paanshme dhe me njerëz të përkatësive të "
                        "ndryshme etnike",
                    ),
                ),
                req(
                    "language",
                    _k("other_language_adv", "Njohja e gjuhës tjetër zyrtare konsiderohet si përparësi"),
                    advantage=True,
                ),
                req(
                    "qualification",
                    _k("it", "Njohje të teknologjisë informative (MS Word, MS Excel dhe MS Access)"),
                ),
            ],
        ),
        _k23_position(
            8,
            49,
            title=t(
                "Zyrtar i administrimit të objektit në QNR",
                "Facility Administration Officer at the Counting and Results Centre",
                "Službenik za administraciju objekta u Centru za prebrojavanje i rezultate",
            ),
            coefficient=7,
            department=_QNR,
            supervisor=_QNR_HEAD,
            duties=t(
                "Planifikon, ekzekuton dhe menaxhon të gjitha shërbimet mbështetëse të logjistikës në QNR, "
                "rishikon, vlerëson inventarin ekzistues, kryen pune strukturore/ndërtuese sipas planit, "
                "organizimi i brendshëm themelor i QNR-së;\n"
                "Bashkëpunon me të gjithë anëtarët e stafit menaxhues të QNR-së, dhe personelin e SKQZ-së të "
                "sigurojë furnizim në kohë dhe efikas të mbështetjes logjistike në QNR;\n"
                "Sigurohet që efikasiteti operacional në QNR të jetë në kohë , bashkërendon koordinimin me "
                "personelin e SKQZ-së, të sigurojë që të gjitha kërkesat logjistike të QNR-së të jenë të qartë të "
                "definuara, prokuruar dhe të shpërndara;\n"
                "Mbledh fakturat, shpërndarjen e brendshme dhe korrigjimin pasues e të gjitha aseteve për në dhe "
                "nga QNR-ja;\n"
                "Siguron që furnizimi me ushqim adekuat dhe furnizimi me ujë për pastrim dhe mbështetje "
                "operacionale të jenë të mirëmbajtura në QNR 24 orë në ditë;\n"
                "Asiston në furnizime të mbështetjes së logjistikës të mundësoj selektimin, trajnimin dhe "
                "shpërndarjen e të gjithë personelit të punësuar, menaxhon ekipe te vogla te personelit të cilët do "
                "të ofrojnë mbështetje logjistike në QNR para ditës së zgjedhjeve dhe 24 orë në ditë pas ditës së "
                "zgjedhjeve;\n"
                "Në bashkëpunim me udhëheqësin e ndërrimit, siguron që të gjitha mbështetjet operacionale dhe "
                "logjistike të jenë të përkrahura që QNR të operon 24 orë në ditë, mbikëqyr hapësirat operacionale "
                "brenda QNR-së, të cilat kërkohet të jenë të kompletuara në kohë për përmbushjen e procesit në "
                "QNR;\n"
                "Kryen edhe detyra tjera kur i caktohen."
            ),
            requirements=[
                req(
                    "education",
                    t(
                        "Të ketë diplomë universiteti në Drejtësi, Ekonomi, Administratë Publike, skenca sociale",
                        "University diploma in Law, Economics, Public Administration or social sciences",
                        "Univerzitetska diploma iz prava, ekonomije, javne uprave ili društvenih nauka",
                    ),
                ),
                req(
                    "experience",
                    _k(
                        "election_experience",
                        "Të ketë përvojë profesionale në zgjedhje dhe në fushën e ngjashme",
                    ),
                ),
                req(
                    "experience",
                    t(
                        "Përvojë pune në fushën e administrimit të zyrës",
                        "Work experience in office administration",
                        "Radno iskustvo u oblasti kancelarijske administracije",
                    ),
                ),
                req(
                    "other",
                    _k(
                        "shifts",
                        "I gatshëm të punoj në ndërrim, edhe përtej standardeve të orarit të rregullt, orar të zgjatur",
                    ),
                ),
                req(
                    "qualification",
                    _k("it_qnr", "Njohje të teknologjisë informative ( Ms Word, Ms Access, Ms Excel)"),
                ),
                req(
                    "language",
                    _k("other_language", "Njohja e gjuhës tjetër zyrtare e dëshirueshme"),
                    advantage=True,
                ),
                req("language", _k("english", "Njohje e gjuhës angleze (e dëshirueshme)."), advantage=True),
            ],
        ),
        _k23_position(
            # The source writes "KOZ-50/2023": a typo for KQZ 50/2023 (the series runs KQZ 42 … 51/2023).
            9,
            50,
            title=t(
                "Zyrtar i Logjistikes në Depo",
                "Warehouse Logistics Officer",
                "Službenik za logistiku u skladištu",
            ),
            coefficient=7,
            supervisor=t(
                "Udhëheqesi i Divizionit të Logjistikes dhe Transportit",
                "Head of the Logistics and Transport Division",
                "Rukovodilac Divizije za logistiku i transport",
            ),
            duties=t(
                "Ndihmon logjistiken sipas nevojave për furnizim, pranim, dorzim.\n"
                "Pranon kërkesa për material administrativ dhe detyra tjera në funksion të logjistikes -dhe për "
                "zbatimin e planeve operacionale për zgjedhje së dhe burimet tjera.\n"
                "Ndihmon logjistiken në furnizim të stafit me material administrativ dhe furnizime të ndryshme .\n"
                "Mban evidence për furnizimet, perkujdeset për materialet zgjedhore je jo zgjedhore .\n"
                "Bene kontrollimin e materialeve se bashku me logjistiken e SKQZ-se\n"
                "Ndihmon logjistiken në shpërndarjen e materialeve zgjedhore dhe jo zgjedhore për pranim dorzimin "
                "e materialeve të zyrtareve komunal dhe stafit\n"
                "Kryen detyra të tjera kur i caktohen nga mbikëqyrësi."
            ),
            requirements=[
                req("education", _k("secondary", "Të ketë së paku diplome të shkollës së mesme")),
                req(
                    "education",
                    _k("university_adv", "Diplomë universiteti konsiderohet përparësi"),
                    advantage=True,
                ),
                req(
                    "experience",
                    _k(
                        "election_admin_adv",
                        "Të ketë përvojë pune në administrim të zgjedhjeve konsiderohet përparësi",
                    ),
                    advantage=True,
                ),
                req("other", _k("integrity", "Integritet të lartë personal dhe profesional")),
                req(
                    "language",
                    _k(
                        "one_official_language",
                        "Shkathtësi të shkëlqyera në komunikim me gojë dhe me shkrim në njërin nga gjuhët zyrtare",
                    ),
                ),
                req(
                    "other",
                    _k(
                        "impartial",
                        "Aftësi dhe gatishmëri për të punuar në mënyrë të paanshme dhe me njerëz të përkatësive të "
                        "ndryshme etnike",
                    ),
                ),
                req(
                    "language",
                    _k("other_language_adv", "Njohja e gjuhës tjetër zyrtare konsiderohet si përparësi"),
                    advantage=True,
                ),
                req(
                    "qualification",
                    _k("it", "Njohje të teknologjisë informative (MS Word, MS Excel dhe MS Access)"),
                ),
            ],
        ),
        _k23_position(
            # The source writes "KOZ-51/2023": a typo for KQZ 51/2023.
            10,
            51,
            # The source's own title, as written.
            title=t(
                "Mirëmbajtjes në QNR",
                "Maintenance at the Counting and Results Centre",
                "Održavanje u Centru za prebrojavanje i rezultate",
            ),
            coefficient=5,
            department=_QNR,
            supervisor=_QNR_HEAD,
            duties=t(
                "Mirëmban dhe pastron zyret dhe objektin e QNR;\n"
                "Pastron dhe mirëmbajn higjienën në zyre, tualeteve dhe hapësirat punuese në QNR;\n"
                "Pastron dyert, dritat dhe tavolinat në zyre dhe tavolina nëpër hapësirat e QNR-së;\n"
                "Kryen edhe detyra tjera kur i caktohen;"
            ),
            # The source lists no qualifications for KQZ 51/2023.
            requirements=[],
        ),
    ],
}

# ---------------------------------------------------------------------------------------------------------
# R — one invented KQZ vacancy of the professional category, under regulation 01/2024, open at load time
# ---------------------------------------------------------------------------------------------------------

# R-9.1.4.1 … R-9.1.4.6 in the regulation's Albanian (seeds/002_…, Neni 9), in the order of
# vacancies.rules.R9_1_4_GENERAL_REQUIREMENTS, whose English msgids give the `en` text. Hard-coded because the
# Albanian catalogue (locale/sq) may not translate those msgids yet; the regulation's words win.
R9_1_4_SQ = (
    "Të jetë shtetas i Republikës së Kosovës.",
    "Të ketë zotësi të plotë veprimi, sipas legjislacionit në fuqi.",
    "Të zotërojë të paktën njërën nga gjuhët zyrtare, në pajtim me ligjin përkatës për përdorimin e gjuhëve.",
    "Të jetë e/i aftë për të kryer detyrën përkatëse.",
    "Të mos jetë e/i dënuar për kryerjen e veprës penale me dashje.",
    "Të mos ketë në fuqi masë disiplinore për shkelje të rëndë në institucion publik.",
)
R9_1_4_SR_LATN = (
    "Da je državljanin/ka Republike Kosovo.",
    "Da ima punu poslovnu sposobnost, u skladu sa važećim zakonodavstvom.",
    "Da vlada najmanje jednim od službenih jezika, u skladu sa odgovarajućim zakonom o upotrebi jezika.",
    "Da je sposoban/na da obavlja odgovarajuću dužnost.",
    "Da nije osuđivan/a za izvršenje krivičnog dela s umišljajem.",
    "Da nema izrečenu disciplinsku meru na snazi za težu povredu dužnosti u javnoj instituciji.",
)

R_VACANCY = {
    "institution": "KQZ",
    # Invented reference, in K23's style.
    "reference": "KQZ 12/2026",
    "rule_set": "kqz-01-2024",
    "title": t(
        "Konkurs për pozitën Zyrtar për Teknologji Informative (kategoria profesionale)",
        "Competition for the position of Information Technology Officer (professional category)",
        "Konkurs za radno mesto službenika za informacione tehnologije (profesionalna kategorija)",
    ),
    "legal_basis": t(
        "Në bazë të neneve 8 dhe 9 të Rregullores së Brendshme nr. 01/2024 për Pranimin e Nëpunësve Civil në "
        "KQZ, të datës 18.01.2024, Njësia për Menaxhimin e Burimeve Njerëzore (NJMBNJ) e KQZ-së shpall konkurs "
        "për pozitën në vijim.",
        "Under Articles 8 and 9 of Internal Regulation no. 01/2024 on the Admission of Civil Servants to the KQZ, "
        "of 18.01.2024, the Human Resources Management Unit of the KQZ announces a competition for the following "
        "position.",
        "Na osnovu članova 8 i 9 Interne uredbe br. 01/2024 o prijemu civilnih službenika u CIK, od 18.01.2024, "
        "Jedinica za upravljanje ljudskim resursima CIK-a raspisuje konkurs za sledeće radno mesto.",
    ),
    # R-9.1.3
    "general_description": t(
        "Zyrtari për Teknologji Informative siguron funksionimin e pandërprerë të sistemeve informative, të "
        "rrjetit dhe të pajisjeve të TI-së të Sekretariatit të KQZ-së, përfshirë sistemet që përdoren gjatë "
        "proceseve zgjedhore, dhe u ofron mbështetje teknike përdoruesve.",
        "The Information Technology Officer keeps the information systems, the network and the IT equipment of "
        "the KQZ Secretariat running without interruption, including the systems used during elections, and "
        "gives technical support to their users.",
        "Službenik za informacione tehnologije obezbeđuje neprekidan rad informacionih sistema, mreže i IT "
        "opreme Sekretarijata CIK-a, uključujući sisteme koji se koriste tokom izbornih procesa, i pruža "
        "tehničku podršku korisnicima.",
    ),
    # R-9.1.5
    "formal_requirements": t(
        "Diplomë universitare në Shkenca Kompjuterike, Inxhinieri Kompjuterike ose fushë të ngjashme dhe së paku "
        "dy (2) vjet përvojë pune profesionale në fushën e teknologjisë informative.",
        "A university degree in Computer Science, Computer Engineering or a related field and at least two (2) "
        "years of professional work experience in information technology.",
        "Univerzitetska diploma iz računarskih nauka, računarskog inženjerstva ili srodne oblasti i najmanje dve "
        "(2) godine profesionalnog radnog iskustva u oblasti informacionih tehnologija.",
    ),
    # R-9.1.6
    "competencies": t(
        "Njohuritë për sistemet operative, rrjetat kompjuterike dhe bazat e të dhënave; aftësia për zgjidhjen e "
        "problemeve teknike; komunikimi me përdoruesit; puna në ekip dhe nën presion kohor gjatë proceseve "
        "zgjedhore.",
        "Knowledge of operating systems, computer networks and databases; solving technical problems; "
        "communicating with users; teamwork and working to tight deadlines during elections.",
        "Poznavanje operativnih sistema, računarskih mreža i baza podataka; rešavanje tehničkih problema; "
        "komunikacija sa korisnicima; timski rad i rad pod vremenskim pritiskom tokom izbornih procesa.",
    ),
    # R-9.1.7, R-10.1, R-12.1
    "how_to_apply": t(
        "Aplikimi bëhet në mënyrë elektronike, në këtë portal, duke plotësuar aplikacionin dhe duke bashkëngjitur "
        "dokumentet e kërkuara, brenda afatit të shpallur. Kandidati që nuk mund të aplikojë në mënyrë "
        "elektronike mund t’i drejtohet NJMBNJ-së, e cila, me pëlqimin e tij, aplikon për të (neni 12.1 i "
        "Rregullores nr. 01/2024).",
        "Apply electronically, on this portal, by filling in the application and attaching the required "
        "documents before the deadline. A candidate who cannot apply electronically may turn to the HR unit, "
        "which applies on the candidate's behalf with their consent (Article 12.1 of Regulation no. 01/2024).",
        "Prijava se podnosi elektronski, na ovom portalu, popunjavanjem prijave i prilaganjem traženih "
        "dokumenata u objavljenom roku. Kandidat koji ne može da se prijavi elektronski može se obratiti "
        "Jedinici za upravljanje ljudskim resursima, koja uz njegovu saglasnost podnosi prijavu u njegovo ime "
        "(član 12.1 Uredbe br. 01/2024).",
    ),
    # R-9.1.9, R-9.3
    "documents_instructions": t(
        "Dokumentet skanohen dhe bashkëngjiten në aplikacionin elektronik. Me dorëzimin e aplikacionit kandidati "
        "vetëdeklaron se të gjitha dokumentet janë të vërteta dhe mban përgjegjësi për vërtetësinë e tyre; "
        "deklarimi i rremë përjashton kandidatin nga procedura në cilëndo fazë (neni 9.3).",
        "The documents are scanned and attached to the electronic application. By submitting the application the "
        "candidate declares that all documents are true and answers for their truth; a false declaration "
        "excludes the candidate from the procedure at any stage (Article 9.3).",
        "Dokumenti se skeniraju i prilažu uz elektronsku prijavu. Podnošenjem prijave kandidat izjavljuje da su "
        "svi dokumenti istiniti i odgovara za njihovu istinitost; lažna izjava isključuje kandidata iz postupka "
        "u bilo kojoj fazi (član 9.3).",
    ),
    # R-9.1.10: R-19, R-20, R-23, R-24, R-25.2
    "evaluation_method": t(
        "Vlerësimi bëhet në dy hapa (neni 19):\n"
        "1. Testi me shkrim, në mënyrë elektronike dhe anonime, me 50 deri në 70 pyetje me zgjedhje të "
        "shumëfishtë, me një ose më shumë përgjigje të sakta; vlerësimi maksimal 70 pikë (neni 20). Në intervistë "
        "kalojnë vetëm kandidatët me së paku 40 pikë në testin me shkrim (neni 23.2).\n"
        "2. Intervista me gojë, me pesë (5) pyetje të njëjta për të gjithë kandidatët, secila me më së shumti "
        "gjashtë (6) pikë, gjithsej 30 pikë; vlerësimi i intervistës është mesatarja aritmetike e vlerësimeve të "
        "të gjithë anëtarëve të komisionit (neni 23).\n"
        "Vlerësimi përfundimtar është shuma e pikëve të të dy hapave (neni 24). Kandidatët me 70 pikë e më shumë "
        "janë kandidatë të kualifikuar (neni 25.2).",
        "The evaluation has two steps (Article 19):\n"
        "1. A written test, electronic and anonymous, of 50 to 70 multiple-choice questions with one or more "
        "correct answers; at most 70 points (Article 20). Only candidates with at least 40 points in the written "
        "test go on to the interview (Article 23.2).\n"
        "2. An oral interview of five (5) questions, the same for all candidates, each worth at most six (6) "
        "points, 30 points in all; the interview score is the arithmetic mean of the scores of all members of "
        "the committee (Article 23).\n"
        "The final score is the sum of the two steps (Article 24). Candidates with 70 points or more are "
        "qualified (Article 25.2).",
        "Ocenjivanje se sprovodi u dva koraka (član 19):\n"
        "1. Pismeni test, elektronski i anoniman, sa 50 do 70 pitanja višestrukog izbora, sa jednim ili više "
        "tačnih odgovora; najviše 70 bodova (član 20). Na intervju idu samo kandidati sa najmanje 40 bodova na "
        "pismenom testu (član 23.2).\n"
        "2. Usmeni intervju sa pet (5) pitanja, istih za sve kandidate, od kojih svako nosi najviše šest (6) "
        "bodova, ukupno 30 bodova; ocena intervjua je aritmetička sredina ocena svih članova komisije (član 23).\n"
        "Konačna ocena je zbir bodova iz oba koraka (član 24). Kandidati sa 70 i više bodova su kvalifikovani "
        "kandidati (član 25.2).",
    ),
    # R-9.1.11: R-18.4 … R-18.6, R-25.4
    "notification_method": t(
        "Çdo kandidat njoftohet individualisht, në llogarinë e tij në portal dhe me e-mail: për mospranimin në "
        "listën e ngushtë, me vendim të arsyetuar (neni 18.6), për datën e testit me shkrim dhe të intervistës, "
        "si dhe për renditjen dhe rezultatin e detajuar në çdo hap të vlerësimit (neni 25.4). Lista e ngushtë "
        "dhe lista e kandidatëve të kualifikuar publikohen në portal.",
        "Every candidate is notified individually, in their portal account and by e-mail: of a rejection from "
        "the shortlist, with a reasoned decision (Article 18.6), of the dates of the written test and of the "
        "interview, and of their rank and detailed result at every step of the evaluation (Article 25.4). The "
        "shortlist and the list of qualified candidates are published on the portal.",
        "Svaki kandidat se obaveštava pojedinačno, na svom nalogu na portalu i e-poštom: o neuvrštavanju na uži "
        "spisak, obrazloženom odlukom (član 18.6), o datumu pismenog testa i intervjua, kao i o rangu i "
        "detaljnom rezultatu u svakom koraku ocenjivanja (član 25.4). Uži spisak i spisak kvalifikovanih "
        "kandidata objavljuju se na portalu.",
    ),
    "other_notes": t(""),
    "contact_email": "hr@kqz.demo",
    "contact_phone": "038-200-23-55",
    # No fixed dates: published at load time, closing 30 calendar days later at this hour (R-8.2, R-9.1.8).
    "closing_hour": "16:00",
    # Created as a draft and published by this account through vacancies.services.announcement_publish.
    "published_by": "hr@kqz.demo",
    "positions": [
        {
            "order": 1,
            "code": "KQZ 12/2026",
            "title": t(
                "Zyrtar për Teknologji Informative",
                "Information Technology Officer",
                "Službenik za informacione tehnologije",
            ),
            "category": "professional",
            "grade": t("Kategoria profesionale", "Professional category", "Profesionalna kategorija"),
            "coefficient": 8,
            "department": t(
                "Departamenti për Teknologji Informative",
                "Department for Information Technology",
                "Departman za informacione tehnologije",
            ),
            "supervisor": t(
                "Udhëheqësi i Divizionit për Teknologji Informative",
                "Head of the Information Technology Division",
                "Rukovodilac Divizije za informacione tehnologije",
            ),
            "contract_type": "indefinite",
            "duration": t("Me afat të pacaktuar", "Indefinite", "Na neodređeno vreme"),
            "number_of_positions": 1,
            "place": t("Prishtinë", "Pristina", "Priština"),
            "salary_reference": t(""),
            "description": t(""),
            "duties": t(
                "Administron serverët, rrjetin lokal dhe pajisjet e TI-së të Sekretariatit të KQZ-së;\n"
                "Instalon dhe mirëmban sistemet operative dhe aplikacionet e KQZ-së;\n"
                "Ofron mbështetje teknike për përdoruesit (tavolina ndihmëse);\n"
                "Kujdeset për kopjet rezervë dhe për sigurinë e të dhënave;\n"
                "Mbështet sistemet e TI-së në Qendrën e Numërimit dhe Rezultateve gjatë proceseve zgjedhore;\n"
                "Kryen detyra të tjera që i caktohen nga mbikëqyrësi.",
                "Administers the servers, the local network and the IT equipment of the KQZ Secretariat;\n"
                "Installs and maintains the operating systems and applications of the KQZ;\n"
                "Gives technical support to users (help desk);\n"
                "Looks after backups and data security;\n"
                "Supports the IT systems of the Counting and Results Centre during elections;\n"
                "Performs other duties assigned by the supervisor.",
                "Administrira servere, lokalnu mrežu i IT opremu Sekretarijata CIK-a;\n"
                "Instalira i održava operativne sisteme i aplikacije CIK-a;\n"
                "Pruža tehničku podršku korisnicima (služba za pomoć korisnicima);\n"
                "Stara se o rezervnim kopijama i bezbednosti podataka;\n"
                "Podržava IT sisteme u Centru za prebrojavanje i rezultate tokom izbornih procesa;\n"
                "Obavlja druge poslove koje mu dodeli nadređeni.",
            ),
            "scoring_scheme": "kqz-professional",
            "places": [],
            # The six general requirements of R-9.1.4 come first; the loader builds them from R9_1_4_SQ,
            # rules.R9_1_4_GENERAL_REQUIREMENTS and R9_1_4_SR_LATN. These are the specific ones.
            "general_requirements_r9_1_4": True,
            "requirements": [
                req(
                    "education",
                    t(
                        "Diplomë universitare në Shkenca Kompjuterike, Inxhinieri Kompjuterike ose fushë të ngjashme",
                        "University degree in Computer Science, Computer Engineering or a related field",
                        "Univerzitetska diploma iz računarskih nauka, računarskog inženjerstva ili srodne oblasti",
                    ),
                ),
                req(
                    "experience",
                    t(
                        "Së paku dy (2) vjet përvojë pune profesionale në fushën e teknologjisë informative",
                        "At least two (2) years of professional work experience in information technology",
                        "Najmanje dve (2) godine profesionalnog radnog iskustva u oblasti informacionih tehnologija",
                    ),
                    min_years=2,
                ),
                req(
                    "qualification",
                    t(
                        "Njohuri të sistemeve operative Windows dhe Linux, të rrjetave kompjuterike dhe të bazave të "
                        "të dhënave",
                        "Knowledge of the Windows and Linux operating systems, computer networks and databases",
                        "Poznavanje operativnih sistema Windows i Linux, računarskih mreža i baza podataka",
                    ),
                ),
                # Advantages, not conditions: no foreign language is *required*, so the written test keeps the
                # composition of R-20.7 (not R-20.8).
                req(
                    "language",
                    t(
                        "Njohja e gjuhës tjetër zyrtare konsiderohet përparësi",
                        "Knowledge of the other official language is considered an advantage",
                        "Poznavanje drugog službenog jezika smatra se prednošću",
                    ),
                    advantage=True,
                ),
                req(
                    "language",
                    t(
                        "Njohja e gjuhës angleze konsiderohet përparësi",
                        "Knowledge of English is considered an advantage",
                        "Poznavanje engleskog jezika smatra se prednošću",
                    ),
                    advantage=True,
                ),
            ],
            # R-11.2.1 … R-11.2.3, and the CV.
            "documents": [
                doc(
                    t(
                        "Kopjet e diplomave të dhëna nga institucionet arsimore",
                        "Copies of the diplomas issued by educational institutions",
                        "Kopije diploma izdatih od strane obrazovnih institucija",
                    )
                ),
                doc(
                    t(
                        "Nostrifikimi i diplomës",
                        "Recognition (nostrification) of the diploma",
                        "Nostrifikacija diplome",
                    ),
                    required=False,
                    notes=t(
                        "Vetëm për diplomat e marra jashtë vendit",
                        "Only for diplomas obtained abroad",
                        "Samo za diplome stečene u inostranstvu",
                    ),
                ),
                doc(
                    t(
                        "Kopjet e dëshmisë së punësimit",
                        "Copies of the proof of employment",
                        "Kopije dokaza o zaposlenju",
                    )
                ),
                doc(
                    t(
                        "Kopjet e dokumenteve që provojnë plotësimin e kushteve për aplikim",
                        "Copies of the documents proving that the conditions for applying are met",
                        "Kopije dokumenata kojima se dokazuje ispunjenost uslova za prijavu",
                    )
                ),
                doc(t("Jetëshkrimi (CV)", "Curriculum vitae (CV)", "Biografija (CV)")),
            ],
        },
    ],
}

ANNOUNCEMENTS = [F1, K23, R_VACANCY]

# What seed_competition's announcement says besides its reference and title (the stages KQZ 11/10/09 2026, and every
# seeded competition): each item of R-9.1 that publication requires, in both official languages (R-8.3). Invented,
# like R; under F1's rules (Albania) the same texts do no harm.
SEED_ANNOUNCEMENT = {
    "title_sr_latn": "Konkurs za radno mesto službenika za administraciju (profesionalna kategorija)",
    "general_description": t(  # R-9.1.3
        "Zyrtari kryen punët administrative të njësisë: regjistron dhe përcjell shkresat, përgatit raporte dhe "
        "mbështet organizimin e takimeve.",
        "The officer does the unit's administrative work: registers and forwards correspondence, prepares reports "
        "and supports the organisation of meetings.",
        "Službenik obavlja administrativne poslove jedinice: evidentira i prosleđuje dopise, priprema izveštaje i "
        "podržava organizaciju sastanaka.",
    ),
    "formal_requirements": t(  # R-9.1.5
        "Diplomë universitare dhe së paku një (1) vit përvojë pune.",
        "A university degree and at least one (1) year of work experience.",
        "Univerzitetska diploma i najmanje jedna (1) godina radnog iskustva.",
    ),
    "competencies": t(  # R-9.1.6
        "Njohja e procedurave administrative, shkrim i qartë, puna me kompjuter.",
        "Knowledge of administrative procedures, clear writing, computer skills.",
        "Poznavanje administrativnih postupaka, jasno pisanje, rad na računaru.",
    ),
    "how_to_apply": t(  # R-9.1.7
        "Aplikoni në portal.", "Apply on the portal.", "Prijavite se na portalu."
    ),
    "documents_instructions": t(  # R-9.1.9
        "Dokumentet ngarkohen në portal, në PDF, bashkë me aplikacionin.",
        "The documents are uploaded on the portal, as PDF, with the application.",
        "Dokumenti se otpremaju na portal, u PDF-u, zajedno sa prijavom.",
    ),
    "evaluation_method": t(  # R-9.1.10
        "Test me shkrim dhe intervistë (neni 19 i Rregullores 01/2024).",
        "A written test and an interview (Article 19 of Regulation 01/2024).",
        "Pismeni test i intervju (član 19 Uredbe 01/2024).",
    ),
    "notification_method": t(  # R-9.1.11
        "Me e-mail.", "By e-mail.", "Putem e-pošte."
    ),
    # Position: R-9.1.2 (title, class, coefficient)
    "grade": t("Kategoria profesionale", "Professional category", "Profesionalna kategorija"),
    "coefficient": 7,
    "department": t("Drejtoria e provës", "Test directorate", "Direkcija za testiranje"),
    "place": t("Prishtinë", "Pristina", "Priština"),
    "requirement": t("Diplomë universitare", "University degree", "Univerzitetska diploma"),
    # R-9.1.4's first condition stands for them all in a seeded competition (R_VACANCY lists the six).
    "general_requirement": t(R9_1_4_SQ[0], "Is a citizen of the Republic of Kosovo.", R9_1_4_SR_LATN[0]),
    "document": t("Diploma universitare", "University diploma", "Univerzitetska diploma"),  # R-9.1.9
}

# One KQZ competition at the evaluation stage, built by demo.seed's seed_competition on the demo's own accounts so
# that HR and the committee have something to open: the application period closed a week ago, every applicant
# verified eligible and the shortlist published, the committee drawn from a list of exactly member1..5 (member1
# or another, as the lot decides, in the chair) and appointed, the evaluation started with the shortlisted candidates
# admitted, and (demo/stages.py) the written test sealed the day before the load. Invented,
# like R; its applicants (Albanian names, no log-in) are seed_competition's. Found again by its reference.
DEMO_COMPETITION = {
    "institution": "KQZ",
    "reference": "KQZ 11/2026",
    "title": t(
        "Konkurs për pozitën Zyrtar për Administratë (kategoria profesionale)",
        "Competition for the position of Administration Officer (professional category)",
        "Konkurs za radno mesto službenika za administraciju (profesionalna kategorija)",
    ),
    "scheme": "kqz-professional",
    "candidates": 8,
    "hr": "hr@kqz.demo",
    # In the order of seed_competition's list: three managers of the field (R-13.2.1), the HR unit's
    # representative (R-13.2.2), a professional of the field (R-13.2.3); the first chairs (R-16.3).
    "members": [f"member{n}@kqz.demo" for n in range(1, 6)],
}

# ---------------------------------------------------------------------------------------------------------
# Demo accounts: the username is the e-mail address (allauth logs in by e-mail).
# ---------------------------------------------------------------------------------------------------------

ACCOUNTS = [
    {
        "email": "admin@demo.test",
        "first_name": "Admin",
        "last_name": "Demo",
        "is_staff": True,
        "is_superuser": True,
        "roles": [],
        "label": "superuser (Django admin)",
    },
    {
        "email": "hr@kqz.demo",
        "first_name": "Drita",
        "last_name": "Berisha",
        "is_staff": True,
        "is_superuser": False,
        "roles": [("KQZ", "hr")],
        "label": "HR (NJMBNJ) of KQZ",
    },
    {
        "email": "hr@mm.demo",
        "first_name": "Elira",
        "last_name": "Hoxha",
        "is_staff": True,
        "is_superuser": False,
        "roles": [("MM", "hr")],
        "label": "HR of Ministria e Mbrojtjes",
    },
    {
        "email": "leader@kqz.demo",
        "first_name": "Valon",
        "last_name": "Rexhepi",
        "is_staff": False,
        "is_superuser": False,
        "roles": [("KQZ", "leader")],
        "label": "highest administrative leader of KQZ (R-15.6)",
    },
    *[
        {
            "email": f"member{n}@kqz.demo",
            "first_name": first,
            "last_name": last,
            "is_staff": False,
            "is_superuser": False,
            "roles": [],
            "label": "committee member (KQZ)",
        }
        for n, (first, last) in enumerate(
            [
                ("Agim", "Gashi"),
                ("Blerta", "Krasniqi"),
                ("Dardan", "Kelmendi"),
                ("Fatime", "Morina"),
                ("Gent", "Shala"),
            ],
            start=1,
        )
    ],
    {
        "email": "applicant@demo.test",
        "first_name": "Alba",
        "last_name": "Demaj",
        "is_staff": False,
        "is_superuser": False,
        "roles": [],
        "label": "applicant",
    },
]

# ---------------------------------------------------------------------------------------------------------
# The stages of a procedure, one KQZ competition each, so that every role has something to open right after
# `make run` (demo/stages.py builds them through the services, on a clock set back to the day each step happened).
# Invented, like R; found again by their reference and never rebuilt (people may have worked on them).
# ---------------------------------------------------------------------------------------------------------

# Applicants of the stages with their own log-in (password DEMO_PASSWORD), Albanian names, "Çeku" among them so
# the alphabetical lists show the 36-letter order (R-18.4).
STAGE_APPLICANTS = [
    ("Arta", "Çeku", "female"),
    ("Besnik", "Zeqiri", "male"),
    ("Diellza", "Dobruna", "female"),
    ("Ermal", "Cana", "male"),
    ("Flaka", "Dushi", "female"),
    ("Granit", "Ahmeti", "male"),
    ("Hana", "Shala", "female"),
    ("Ilir", "Sadiku", "male"),
    # The winners of the after-results stage (AFTER_RESULTS_STAGE), in the alphabetical order of the shortlist.
    ("Kushtrim", "Lleshi", "male"),
    ("Liridona", "Maloku", "female"),
    ("Mentor", "Nimani", "male"),
    ("Njomëza", "Osmani", "female"),
]


def stage_applicant_email(n: int) -> str:
    return f"kandidat{n}@demo.test"


# A closed competition whose applications wait for HR's preliminary verification (R-17, R-18).
VERIFICATION_STAGE = {
    "reference": "KQZ 13/2026",
    "code": "KQZ 13/2026-1",
    "title": t("Zyrtar për Prokurim", "Procurement Officer", "Službenik za nabavke"),
    # Published 35 days ago, closed 5 days ago (R-8.2: 30 days), every applicant applied in between.
    "published_days_ago": 35,
    "closed_days_ago": 5,
    "applicants": [1, 2, 3, 4, 5, 6, 7],
}

# A competition whose deadline falls a few minutes after load_demo first runs, with one application only: the beat
# extends it by itself (R-12.2: one position and fewer than three applications) and the notices reach the mailbox.
EXTENSION_STAGE = {
    "reference": "KQZ 14/2026",
    "code": "KQZ 14/2026-1",
    "title": t("Zyrtar për Arkiv", "Archives Officer", "Službenik za arhivu"),
    "published_days_ago": 10,
    # Seconds from load_demo to the deadline; the option --deadline-in or DEMO_DEADLINE_SECONDS change it.
    "deadline_seconds": 180,
    "applicants": [8],
}

# A competition after its results (R-26 … R-40): built like the published one, but its four applicants are
# kandidat9..12@demo.test (log-ins, applications made through the services with their documents), the results
# published two days before the load, the winners list made from them and the first winner invited to choose the
# post and consent (R-26.3), so the invitation waits in kandidat9's My applications. Every applicant passes the
# written test; all four qualify and are winners (R-25.2, R-26.1), in the order of its "winners".
AFTER_RESULTS_STAGE = {
    **DEMO_COMPETITION,
    "stage": "after_results",
    "reference": "KQZ 08/2026",
    "title": t(
        "Konkurs për pozitën Zyrtar për Teknologji Informative (kategoria profesionale)",
        "Competition for the position of Information Technology Officer (professional category)",
        "Konkurs za radno mesto službenika za informacione tehnologije (profesionalna kategorija)",
    ),
    # The position (and so the post a winner chooses, R-26.1) by its own name, the announcement by the competition's.
    "position_title": t(
        "Zyrtar për Teknologji Informative",
        "Information Technology Officer",
        "Službenik za informacione tehnologije",
    ),
    "act_number": "KQZ-08/2026-V",
    "applicants": [9, 10, 11, 12],
    "candidates": 4,
    "written_scores": ["68", "61.5", "57", "52.25"],
    # The published ranking (R-25.1): kandidat9 first (invited by the demo), kandidat10 next (the journeys' next
    # winner when the first refuses).
    "winners": [9, 10, 11, 12],
}

# Competitions of the evaluation stage, built by seed_competition on member1..5 (a new list of potential members
# and a new draw each): the written test sealed yesterday (its sitting opens today, R-20.5), the interview under
# way, one with its results published and one after them (AFTER_RESULTS_STAGE).
EVALUATION_STAGES = [
    {**DEMO_COMPETITION, "stage": "sealed"},
    {
        **DEMO_COMPETITION,
        "stage": "interview",
        "reference": "KQZ 10/2026",
        "title": t(
            "Konkurs për pozitën Zyrtar për Financa (kategoria profesionale)",
            "Competition for the position of Finance Officer (professional category)",
            "Konkurs za radno mesto službenika za finansije (profesionalna kategorija)",
        ),
    },
    {
        **DEMO_COMPETITION,
        "stage": "published",
        "reference": "KQZ 09/2026",
        "title": t(
            "Konkurs për pozitën Zyrtar për Komunikim (kategoria profesionale)",
            "Competition for the position of Communications Officer (professional category)",
            "Konkurs za radno mesto službenika za komunikacije (profesionalna kategorija)",
        ),
        "act_number": "KQZ-09/2026-V",
    },
    AFTER_RESULTS_STAGE,
]

INTERVIEW_QUESTIONS = [
    "Si do ta organizonit punën e njësisë gjatë një procesi zgjedhor?",
    "Përshkruani një problem që e keni zgjidhur në punë dhe si e zgjidhët.",
    "Cilat janë parimet e administratës publike sipas ligjit?",
    "Si do të komunikonit një vendim të pakëndshëm me një qytetar?",
    "Pse dëshironi të punoni në KQZ?",
]

# Written-test results of the eight seeded candidates, in their order: two stay under the 40 points of R-23.2.
WRITTEN_SCORES = ["62.5", "55", "48.25", "39.5", "66", "41", "30", "58.75"]

ACCOUNTS += [
    {
        "email": stage_applicant_email(n),
        "first_name": first,
        "last_name": last,
        "is_staff": False,
        "is_superuser": False,
        "roles": [],
        "label": "applicant ("
        + next(
            stage["reference"]
            for stage in (VERIFICATION_STAGE, EXTENSION_STAGE, AFTER_RESULTS_STAGE)
            if n in stage["applicants"]
        )
        + ")",
    }
    for n, (first, last, _gender) in enumerate(STAGE_APPLICANTS, start=1)
]
