"""Report labels, saved by an old editor in Latin-1 without saying so."""
LABELS = {
    "revenue": "Chiffre déaffaires",
    "costs": "Coûts",
}
