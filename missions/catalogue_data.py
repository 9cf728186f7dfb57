"""The national mission catalogue as first published (2015 texts, pHARe 2024) — FROZEN data.

Migration 0003_national_catalogue imports `NATIONAL_MISSIONS_V1`. A migration must replay identically for
ever, so this constant is never edited in a way that changes what the migration writes: a later revision of
the catalogue adds a new constant (V2…) and a new data migration. Plain Python only (no Django import).

Sources, rewritten in our own words: décret n° 2015-475 du 27 avril 2015 (art. 6: priority missions that
"give rise" to an IMP; art. 7: other missions of pedagogical or educational interest that "may" do so),
arrêté du 27 avril 2015 (the five rates), circulaire n° 2015-058 du 29 avril 2015 (content of each mission
and its suggested rate), circulaire du 2 février 2024 (pHARe, coordinateur harcèlement).

Rates are STSWeb codes: 001 quart (×0.25), 002 demi (×0.5), 003 base (×1), 004 double (×2), 005 triple (×3).
"""

ART6_REFERENCE = (
    "Décret n° 2015-475 du 27 avril 2015, art. 6 ; arrêté du 27 avril 2015 ; "
    "circulaire n° 2015-058 du 29 avril 2015"
)
ART7_REFERENCE = (
    "Décret n° 2015-475 du 27 avril 2015, art. 7 ; arrêté du 27 avril 2015 ; "
    "circulaire n° 2015-058 du 29 avril 2015"
)
PHARE_REFERENCE = (
    "Circulaire du 2 février 2024 relative au programme pHARe (BO du 8 février 2024) ; "
    "décret n° 2015-475 du 27 avril 2015, art. 7 ; arrêté du 27 avril 2015"
)

ALL_RATES = ("001", "002", "003", "004", "005")

NATIONAL_MISSIONS_V1 = (
    # --- Art. 6: priority missions (circulaire 2015-058 gives each its suggested rate) ---
    {
        "code": "coordination-discipline",
        "title": "Coordination de discipline",
        "category": "art6",
        "description": (
            "Faire vivre le travail collectif d'une équipe disciplinaire, en priorité dans les disciplines "
            "qui comptent le plus de professeurs ou dont le matériel et les projets alourdissent la charge. "
            "Attendue dans chaque établissement ; en collège, la technologie en relève dès que plusieurs "
            "professeurs partagent les équipements, le coordonnateur en assurant alors le suivi et l'entretien."
        ),
        "tasks": (
            "Animer les réunions de l'équipe disciplinaire et les conseils d'enseignement (art. R. 421-49 du code de l'éducation)\n"
            "Tenir l'équipe informée de tout ce qui concerne la discipline dans l'établissement\n"
            "Suivre le matériel et les équipements pédagogiques de la discipline\n"
            "Coordonner les projets disciplinaires et interdisciplinaires\n"
            "En langues vivantes, accompagner l'assistant de langue ; en technologie au collège, gérer le parc de matériel"
        ),
        "suggested_rate": "003",
        "allowed_rates": ("002", "003", "004"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    {
        "code": "coordination-eps",
        "title": "Coordination des activités physiques, sportives et artistiques (EPS)",
        "category": "art6",
        "description": (
            "Organiser l'enseignement de l'EPS et l'usage des installations sportives aux côtés du chef "
            "d'établissement. Seule mission dont le montant découle d'une règle : il dépend du nombre de "
            "professeurs d'EPS (aucune IMP en dessous de trois, une IMP pour trois ou quatre, deux au-delà)."
        ),
        "tasks": (
            "Animer le travail collectif des professeurs d'EPS\n"
            "Préparer avec le chef d'établissement les emplois du temps d'EPS au regard des gymnases, terrains et piscines disponibles\n"
            "Piloter le projet pédagogique d'EPS et son inscription dans le projet d'établissement\n"
            "Coordonner les projets interdisciplinaires touchant aux activités physiques et artistiques\n"
            "Organiser les épreuves certificatives d'EPS"
        ),
        "suggested_rate": "003",
        "allowed_rates": ("002", "003", "004"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    {
        "code": "coordination-cycle",
        "title": "Coordination de cycle d'enseignement",
        "category": "art6",
        "description": (
            "Porter un projet pédagogique commun à l'échelle d'un cycle (cycle 3 ou cycle 4 au collège) et "
            "faire travailler ensemble les professeurs qui y enseignent."
        ),
        "tasks": (
            "Construire et accompagner le projet pédagogique du cycle\n"
            "Recenser les initiatives qui adaptent l'enseignement au rythme des élèves et encourager les innovations\n"
            "Animer les réunions d'équipe consacrées au cycle\n"
            "Pour le cycle 3, organiser la liaison entre les écoles et le collège\n"
            "Informer les professeurs du cycle des questions qui les concernent"
        ),
        "suggested_rate": "003",
        "allowed_rates": ("002", "003", "004"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    {
        "code": "coordination-niveau",
        "title": "Coordination de niveau d'enseignement",
        "category": "art6",
        "description": (
            "Coordonner l'action éducative de toutes les classes d'un même niveau et le suivi des élèves en "
            "difficulté, en lien avec les familles et les partenaires. Le triple taux reste exceptionnel."
        ),
        "tasks": (
            "Animer l'équipe du niveau : professeurs principaux, professeurs, vie scolaire\n"
            "Mettre en cohérence les projets pédagogiques des classes du niveau\n"
            "Repérer avec les professeurs principaux les élèves en difficulté et proposer un accompagnement\n"
            "Entretenir le lien avec les parents, surtout les plus éloignés de l'école\n"
            "Faire connaître aux familles les partenaires du territoire (services sociaux, associations, structures de soin)"
        ),
        "suggested_rate": "003",
        "allowed_rates": ("003", "004", "005"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    {
        "code": "referent-culture",
        "title": "Référent culture",
        "category": "art6",
        "description": (
            "Développer la vie culturelle de l'établissement et l'ouvrir aux ressources culturelles du "
            "territoire, en lien avec la délégation académique à l'action culturelle (DAAC)."
        ),
        "tasks": (
            "Contribuer au volet culturel du projet d'établissement avec le conseil pédagogique et les délégués élèves\n"
            "Diffuser l'offre culturelle locale auprès des équipes\n"
            "Accompagner les projets artistiques et culturels pendant et hors du temps scolaire\n"
            "Nouer des partenariats avec les structures culturelles et les collectivités\n"
            "Faire connaître les actions culturelles réussies, notamment sur le site de l'établissement"
        ),
        "suggested_rate": "002",
        "allowed_rates": ("002", "003"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    {
        "code": "referent-numerique",
        "title": "Référent pour les ressources et usages pédagogiques numériques",
        "category": "art6",
        "description": (
            "Accompagner la direction et les équipes dans les usages pédagogiques du numérique, faire le lien "
            "avec la collectivité pour les équipements et administrer les services en ligne par délégation. "
            "Mission souvent reconnue par une décharge de service plutôt que par une indemnité."
        ),
        "tasks": (
            "Conseiller la direction sur la place du numérique dans le projet d'établissement et le plan de formation\n"
            "Aider les professeurs à choisir des ressources et à mener des projets numériques\n"
            "Servir d'interlocuteur à la collectivité pour l'équipement et la maintenance\n"
            "Administrer l'ENT et les services en ligne par délégation du chef d'établissement, dans le respect de la protection des données\n"
            "Relayer la stratégie numérique académique et assurer une veille sur les ressources"
        ),
        "suggested_rate": "003",
        "allowed_rates": ("003", "004", "005"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    {
        "code": "referent-decrochage",
        "title": "Référent décrochage scolaire",
        "category": "art6",
        "description": (
            "Prévenir le décrochage et faciliter le retour en formation des jeunes qui ont quitté l'école, "
            "en coordonnant le groupe de prévention du décrochage scolaire (GPDS)."
        ),
        "tasks": (
            "Coordonner le groupe de prévention du décrochage scolaire\n"
            "Établir le diagnostic du décrochage dans l'établissement et rédiger le bilan annuel présenté au conseil d'administration\n"
            "Faciliter le retour en formation des jeunes suivis dans le réseau FOQUALE\n"
            "Éclairer les équipes sur les causes du décrochage et sur le protocole de l'établissement"
        ),
        "suggested_rate": "003",
        "allowed_rates": ("002", "003", "004"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    {
        "code": "tutorat",
        "title": "Tutorat des élèves (lycée)",
        "category": "art6",
        "description": (
            "Suivre quelques lycéens dans la construction de leur parcours de formation et d'orientation, "
            "sans se substituer au professeur principal ni au psychologue de l'Éducation nationale. "
            "Le taux dépend du nombre d'élèves suivis."
        ),
        "tasks": (
            "Aider chaque élève suivi à bâtir son parcours de formation et d'orientation\n"
            "Faire le point régulièrement avec lui tout au long de l'année\n"
            "Travailler avec le professeur principal et le psychologue de l'Éducation nationale\n"
            "Orienter l'élève vers les ressources internes et externes utiles, dont l'information sur l'enseignement supérieur"
        ),
        "suggested_rate": "001",
        "allowed_rates": ("001", "002"),
        "periodicity": "annual",
        "legal_reference": ART6_REFERENCE,
    },
    # --- Art. 7: other missions of pedagogical or educational interest (any of the five rates) ---
    {
        "code": "devoirs-faits",
        "title": "Coordination du dispositif Devoirs faits",
        "category": "art7",
        "description": (
            "Organiser au collège l'aide aux devoirs encadrée hors de la classe et en assurer le suivi avec "
            "les professeurs, les intervenants et les familles."
        ),
        "tasks": (
            "Fixer l'organisation du dispositif : groupes, créneaux, salles\n"
            "Présenter le dispositif aux équipes, aux élèves et aux parents\n"
            "Transmettre les listes d'élèves aux professeurs principaux, aux intervenants et à la vie scolaire\n"
            "Faire remonter aux conseils de classe le travail des élèves inscrits\n"
            "Dresser des bilans périodiques (inscrits, assiduité, effets constatés) et proposer des ajustements"
        ),
        "suggested_rate": "003",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "eleves-precoces",
        "title": "Référent élèves intellectuellement précoces",
        "category": "art7",
        "description": (
            "Aider l'établissement à repérer et à accompagner les élèves à haut potentiel, en lien avec "
            "leurs familles et le réseau départemental des référents."
        ),
        "tasks": (
            "Contribuer aux mesures d'accompagnement des élèves concernés\n"
            "Recevoir les élèves et leurs familles en entretien\n"
            "Sensibiliser et informer les équipes sur ces élèves\n"
            "Participer aux réunions du réseau départemental des référents\n"
            "Remettre au chef d'établissement un bilan annuel d'activité"
        ),
        "suggested_rate": "002",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "action-europeenne-internationale",
        "title": "Référent pour l'action européenne et internationale",
        "category": "art7",
        "description": (
            "Développer l'ouverture européenne et internationale de l'établissement : mobilités, échanges "
            "et partenariats, en lien avec la DAREIC."
        ),
        "tasks": (
            "Susciter et accompagner les projets de mobilité, d'échange et de partenariat des élèves et des personnels\n"
            "Suivre le volet international du projet d'établissement\n"
            "Monter des projets eTwinning ou Erasmus+\n"
            "Relayer l'information de la DAREIC et lui signaler les partenariats de l'établissement"
        ),
        "suggested_rate": "003",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "egalite-filles-garcons",
        "title": "Référent égalité filles-garçons",
        "category": "art7",
        "description": (
            "Faire progresser l'égalité entre filles et garçons et la lutte contre les discriminations dans "
            "l'établissement, en relais des politiques nationales et académiques."
        ),
        "tasks": (
            "Établir un diagnostic de l'établissement sur l'égalité\n"
            "Proposer un axe égalité pour le projet d'établissement\n"
            "Animer des actions et des partenariats avec des associations\n"
            "Participer au CESCE, au conseil pédagogique et à la formation des délégués\n"
            "Prendre part au réseau départemental et académique des référents"
        ),
        "suggested_rate": "002",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "enseignement-superieur",
        "title": "Référent enseignement supérieur et orientation",
        "category": "art7",
        "description": (
            "Tisser le lien entre le lycée et l'enseignement supérieur et épauler les professeurs principaux "
            "dans l'information des élèves sur les poursuites d'études."
        ),
        "tasks": (
            "Répondre aux questions des professeurs principaux et de spécialité sur les filières du supérieur\n"
            "Assurer une veille sur les formations, leurs attendus et leurs conditions d'accès\n"
            "Diffuser le calendrier des journées portes ouvertes, salons et procédures d'admission\n"
            "Organiser des rencontres avec des établissements d'enseignement supérieur"
        ),
        "suggested_rate": "002",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "developpement-durable",
        "title": "Référent éducation au développement durable",
        "category": "art7",
        "description": (
            "Faire vivre l'éducation au développement durable dans toute la communauté scolaire et conduire "
            "la démarche de labellisation (E3D)."
        ),
        "tasks": (
            "Diffuser l'information et les appels à projets liés au développement durable\n"
            "Préparer et animer le comité de pilotage et le dossier de labellisation E3D\n"
            "Former et accompagner les éco-délégués\n"
            "Suivre les actions menées auprès des élèves et des personnels\n"
            "Faire connaître ces actions (site, ENT, affichage)"
        ),
        "suggested_rate": "002",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "laboratoire-mathematiques",
        "title": "Référent laboratoire de mathématiques",
        "category": "art7",
        "description": (
            "Animer le laboratoire de mathématiques, lieu de réflexion et de formation collective des "
            "professeurs, ouvert aux partenaires extérieurs."
        ),
        "tasks": (
            "Programmer les temps de travail collectif, conférences et rencontres\n"
            "Gérer les moyens du laboratoire : lieu, équipements, budget\n"
            "Mobiliser l'équipe et les partenaires (universités, IREM, associations)\n"
            "Tenir le cahier des charges et le tableau de bord du laboratoire"
        ),
        "suggested_rate": "003",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "coordinateur-harcelement",
        "title": "Coordinateur harcèlement (programme pHARe)",
        "category": "art7",
        "description": (
            "Épauler le chef d'établissement dans la prévention et le traitement du harcèlement, avec "
            "l'équipe ressource d'au moins cinq personnels ; le coordinateur doit être formé. La circulaire "
            "du 2 février 2024 prévoit une IMP pour cette mission ; un infirmier scolaire ou un assistant "
            "de service social qui l'exerce reçoit à la place un complément indemnitaire de 1 250 €."
        ),
        "tasks": (
            "Recueillir les signalements et courriels reçus et tenir le journal des faits\n"
            "Suivre les élèves victimes et les auteurs des situations traitées\n"
            "Coordonner l'équipe ressource et mettre en œuvre le plan de prévention (moyens de signalement, accueil des nouveaux élèves)\n"
            "Saisir les actions menées sur la plateforme pHARe et contribuer à la formation des personnels\n"
            "Suivre les partenariats (écoles et collèges du secteur, collectivités, forces de sécurité, associations agréées)\n"
            "Présenter les actions au CESCE et au conseil école-collège"
        ),
        "suggested_rate": "003",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": PHARE_REFERENCE,
    },
    {
        "code": "voyage-scolaire",
        "title": "Organisation d'un voyage scolaire",
        "category": "art7",
        "description": (
            "Préparer et encadrer un voyage ou une sortie de plusieurs jours, en France ou à l'étranger. "
            "Mission ponctuelle : l'IMP est versée en une fois, une fois le service fait constaté."
        ),
        "tasks": (
            "Bâtir le projet pédagogique du voyage et le présenter au conseil d'administration\n"
            "Établir le budget et le programme avec le gestionnaire et les prestataires\n"
            "Informer les familles et recueillir les autorisations\n"
            "Organiser l'encadrement et la sécurité pendant le séjour\n"
            "Dresser le bilan pédagogique et financier au retour"
        ),
        "suggested_rate": "002",
        "allowed_rates": ALL_RATES,
        "periodicity": "one_off",
        "legal_reference": ART7_REFERENCE,
    },
    {
        "code": "projet-etablissement",
        "title": "Mission liée au projet d'établissement",
        "category": "art7",
        "description": (
            "Toute autre mission d'intérêt pédagogique ou éducatif inscrite au projet d'établissement ou au "
            "projet académique. L'intitulé, les tâches et le taux se fixent localement et sont présentés au "
            "conseil d'administration : adaptez cette mission avant de l'attribuer."
        ),
        "tasks": (
            "Définir l'objectif de la mission et son lien avec le projet d'établissement\n"
            "Conduire les actions prévues avec les équipes concernées\n"
            "Rendre compte de l'avancement au chef d'établissement\n"
            "Dresser un bilan en fin d'année"
        ),
        "suggested_rate": "002",
        "allowed_rates": ALL_RATES,
        "periodicity": "annual",
        "legal_reference": ART7_REFERENCE,
    },
)

NATIONAL_CODES_V1 = tuple(mission["code"] for mission in NATIONAL_MISSIONS_V1)
