"""Partner ids and their S3 prefixes (plain data, no Airflow imports)."""
PARTNERS = {
    "acme": "in/acme/",
    "globex": "in/globex/",
}
