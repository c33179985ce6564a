-- nodeshot 1.x target database: extensions.
-- postgis: geometry columns + GiST indexes (GeoDjango)
-- hstore:  django-hstore DictionaryField / ReferencesField columns
-- pgcrypto: used by the migration to generate random, unusable passwords
create extension if not exists postgis;
create extension if not exists hstore;
create extension if not exists pgcrypto;
