-- bad-inputs 21 and 23: legacy text values that went through the wrong
-- character set, one row per (legacy row, column, rule), read from the raw
-- copy so that the value shown is the legacy one. Node, admin and contact
-- text is repaired in staging with the var; device and interface names are
-- only reported (they are legacy keys):
--   double_encoding  UTF-8 read as latin1/cp1252 ('Ã©' for 'é') or cp1252
--                    bytes read as latin1 (C1 controls). Kept as is unless
--                    var fix_double_encoding is true (staging then repairs
--                    it with migration.try_repair_encoding); reported either way.
--   question_marks   '??': characters a MySQL utf8 (3-byte) column could not
--                    hold (emoji), stored as '?'. Cannot be recovered.
-- Invalid UTF-8 and NUL bytes never get here: the load refuses them
-- (docs/deviations.md "Text repair").
with nodes as (
    select * from {{ source('legacy', 'nodeshot_node') }}
),

users as (
    select * from {{ source('legacy', 'auth_user') }}
),

devices as (
    select * from {{ source('legacy', 'nodeshot_device') }}
),

interfaces as (
    select * from {{ source('legacy', 'nodeshot_interface') }}
),

contacts as (
    select * from {{ source('legacy', 'nodeshot_contact') }}
),

text_values as (
    select
        'nodeshot_node' as entity,
        nodes.id as legacy_id,
        'node' as noun,
        true as is_repaired_in_staging,
        columns.column_name,
        columns.value
    from nodes
    cross join
        lateral (
            values
            ('name', nodes.name), ('owner', nodes.owner), ('description', nodes.description), ('notes', nodes.notes)
        ) as columns (column_name, value)
    where {{ may_hold_mangled_text('columns.value') }}
    union all
    select
        'auth_user' as entity,
        users.id as legacy_id,
        'admin' as noun,
        true as is_repaired_in_staging,
        columns.column_name,
        columns.value
    from users
    cross join
        lateral (
            values ('first_name', users.first_name), ('last_name', users.last_name)
        ) as columns (column_name, value)
    where {{ may_hold_mangled_text('columns.value') }}
    union all
    select
        'nodeshot_device' as entity,
        devices.id as legacy_id,
        'device' as noun,
        false as is_repaired_in_staging,
        columns.column_name,
        columns.value
    from devices
    cross join
        lateral (
            values ('name', devices.name), ('description', devices.description)
        ) as columns (column_name, value)
    where {{ may_hold_mangled_text('columns.value') }}
    union all
    select
        'nodeshot_interface' as entity,
        interfaces.id as legacy_id,
        'interface' as noun,
        false as is_repaired_in_staging,
        columns.column_name,
        columns.value
    from interfaces
    cross join
        lateral (
            values ('cname', interfaces.cname), ('essid', interfaces.essid)
        ) as columns (column_name, value)
    where {{ may_hold_mangled_text('columns.value') }}
    union all
    select
        'nodeshot_contact' as entity,
        contacts.id as legacy_id,
        'contact' as noun,
        true as is_repaired_in_staging,
        columns.column_name,
        columns.value
    from contacts
    cross join
        lateral (
            values ('from_name', contacts.from_name), ('message', contacts.message)
        ) as columns (column_name, value)
    where {{ may_hold_mangled_text('columns.value') }}
),

flagged as (
    select
        text_values.*,
        'double_encoding' as rule,
        migration.try_repair_encoding(text_values.value) as repaired_value
    from text_values
    where {{ is_double_encoded('text_values.value') }} or {{ has_c1_controls('text_values.value') }}
    union all
    select
        text_values.*,
        'question_marks' as rule,
        null as repaired_value
    from text_values
    where {{ has_lost_characters('text_values.value') }}
),

final as (
    select
        entity,
        legacy_id,
        column_name,
        value,
        rule,
        repaired_value,
        format('%s %s: %s %s ', noun, legacy_id, column_name, quote_literal(left(value, 80)))
        || case
            when rule = 'question_marks'
                then
                    'has ''??'': characters a MySQL utf8 (3-byte) column could not hold (emoji) were stored as ''?'';'
                    || ' they cannot be recovered - retype the text on the new site if it matters'
            when repaired_value is null or repaired_value = value
                then
                    'looks like text in the wrong character set but is no valid UTF-8 once re-encoded;'
                    || ' migrated as it is - fix the legacy row'
            when {{ flag('fix_double_encoding') }} and is_repaired_in_staging
                then format(
                    'was UTF-8 or cp1252 bytes read as latin1; repaired to %s (var fix_double_encoding)',
                    quote_literal(left(repaired_value, 80))
                )
            when is_repaired_in_staging
                then format(
                    'looks like UTF-8 or cp1252 bytes read as latin1 (would read %s); migrated as it is'
                    || ' - run with --fix-double-encoding to repair it, or fix the legacy row',
                    quote_literal(left(repaired_value, 80))
                )
            else format(
                'looks like UTF-8 or cp1252 bytes read as latin1 (would read %s); migrated as it is'
                || ' (var fix_double_encoding does not touch this column, a legacy key) - fix the legacy row',
                quote_literal(left(repaired_value, 80))
            )
        end as detail
    from flagged
)

select * from final
