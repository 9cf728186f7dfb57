"""Hand-written French names for the demo data: fixed lists, so the demo is the same on every machine."""

FEMALE_FIRST_NAMES = (
    "Agnès", "Alice", "Amélie", "Anne", "Aurélie", "Béatrice", "Camille", "Caroline", "Catherine", "Cécile",
    "Charlotte", "Chloé", "Christine", "Claire", "Clémence", "Delphine", "Élise", "Émilie", "Florence",
    "Françoise", "Hélène", "Inès", "Isabelle", "Jeanne", "Julie", "Juliette", "Karine", "Laetitia", "Laure",
    "Léa", "Louise", "Lucie", "Magali", "Manon", "Marie", "Marion", "Mathilde", "Mélanie", "Nadia", "Nathalie",
    "Océane", "Pascale", "Pauline", "Sabrina", "Samia", "Sandrine", "Sarah", "Séverine", "Sophie", "Stéphanie",
    "Sylvie", "Valérie", "Véronique", "Virginie", "Yasmina", "Zoé",
)  # fmt: skip

MALE_FIRST_NAMES = (
    "Adrien", "Alain", "Alexandre", "Antoine", "Arnaud", "Benoît", "Bruno", "Cédric", "Christophe", "Damien",
    "David", "Didier", "Éric", "Étienne", "Fabrice", "François", "Frédéric", "Gaëtan", "Guillaume", "Hervé",
    "Hugo", "Jean-Marc", "Jean-Pierre", "Jérôme", "Julien", "Karim", "Laurent", "Loïc", "Lucas", "Marc",
    "Mathieu", "Maxime", "Mehdi", "Nicolas", "Olivier", "Pascal", "Patrick", "Philippe", "Pierre", "Quentin",
    "Raphaël", "Rémi", "Romain", "Samuel", "Sébastien", "Stéphane", "Thierry", "Thomas", "Vincent", "Xavier",
    "Yann", "Yves",
)  # fmt: skip

SURNAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefèbvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
    "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André",
    "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
    "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
    "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
    "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
    "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
    "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
    "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
    "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet",
    "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
    "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré",
    "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
    "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin",
    "Da Silva", "Bouchet", "Gay", "Lemaître", "Benard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau",
    "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier",
    "Carlier", "Laporte", "Benali", "Haddad", "Nguyen", "Diallo", "Traoré", "Mendes", "Ferreira", "Kaya",
)  # fmt: skip
