-- Django app labels installed on the target (django_migrations): decides
-- which signal companion tables (target-schema 7) the apply must fill.
with source as (
    select * from {{ source('app', 'django_migrations') }}
),

apps as (
    select distinct app as app_label
    from source
)

select * from apps
