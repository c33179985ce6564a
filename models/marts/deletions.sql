-- Rows the apply deletes (re-runs, issue 4): importer-owned rows whose
-- legacy row vanished, and importer-created profiles left with nothing.
-- The apply also deletes what Django's cascade would (target-schema 9),
-- computed on the target at apply time (macros/cascade.sql).
with vanished as (
    select * from {{ ref('int_rows_vanished') }}
),

orphaned as (
    select * from {{ ref('int_profiles_orphaned') }}
),

final as (
    select
        table_name,
        row_id::integer as id,
        'legacy row deleted' as reason
    from vanished
    union all
    select
        'profiles_profile' as table_name,
        profile_id::integer as id,
        'importer-created profile that owns nothing any more' as reason
    from orphaned
)

select * from final
