"""Reading another system's data (CSV files, a FHIR Bundle) into the rows of an import
(clinic_settings.domain.imports). Formats only: the rules are the import's, applied later."""
