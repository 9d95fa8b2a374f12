-- Run once by the postgres image, on an empty data volume only (docker-entrypoint-initdb.d), as
-- the superuser that POSTGRES_USER names; the databases are owned by that user.
-- One database per back-end service: each service owns its schema and migrates it at start-up.
CREATE DATABASE clinic_settings;
CREATE DATABASE clinic_availability;
CREATE DATABASE clinic_requests;
CREATE DATABASE clinic_notifications;
