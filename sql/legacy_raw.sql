-- Landing tables for the legacy nodeshot 0.9 copy (schema legacy_raw).
--
-- Every column but the primary key is text: the copy must never reject,
-- round or truncate a legacy value (SQLite stores anything in any column,
-- MySQL holds zero dates and tinyint(1) values other than 0/1). Typing,
-- validation and rejection happen in the dbt staging models, where a bad
-- value becomes a reported reject instead of a row lost at load time.
-- Column names and order follow legacy-schema.md; the loader fills them by
-- name. Run by `invoke load` inside one transaction before the copy.

drop schema if exists legacy_raw cascade;
create schema legacy_raw;
comment on schema legacy_raw is
'nodeshot 0.9 tables copied verbatim by nodeshot-migrate (invoke load); rebuilt on every load';

create table legacy_raw.auth_user (
    id bigint primary key,
    username text,
    first_name text,
    last_name text,
    email text,
    password text,
    is_staff text,
    is_active text,
    is_superuser text,
    last_login text,
    date_joined text
);

create table legacy_raw.nodeshot_node (
    id bigint primary key,
    name text,
    slug text,
    owner text,
    description text,
    postal_code text,
    email text,
    email2 text,
    email3 text,
    lat text,
    lng text,
    alt text,
    status text,
    notes text,
    added text,
    updated text
);

create table legacy_raw.nodeshot_device (
    id bigint primary key,
    name text,
    cname text,
    description text,
    type text,
    node_id text,
    routing_protocol text,
    routing_protocol_version text,
    added text,
    updated text
);

create table legacy_raw.nodeshot_hna (
    id bigint primary key,
    device_id text,
    route text
);

create table legacy_raw.nodeshot_interface (
    id bigint primary key,
    ipv4_address text,
    ipv6_address text,
    mac_address text,
    type text,
    cname text,
    device_id text,
    draw_link text,
    wireless_mode text,
    wireless_channel text,
    wireless_polarity text,
    essid text,
    bssid text,
    status text,
    added text,
    updated text
);

create table legacy_raw.nodeshot_link (
    id bigint primary key,
    from_interface_id text,
    to_interface_id text,
    etx text,
    dbm text,
    sync_tx text,
    sync_rx text,
    hide text
);

create table legacy_raw.nodeshot_statistic (
    id bigint primary key,
    active_nodes text,
    potential_nodes text,
    hotspots text,
    links text,
    km text,
    date text
);

create table legacy_raw.nodeshot_contact (
    id bigint primary key,
    node_id text,
    from_name text,
    from_email text,
    message text,
    ip text,
    user_agent text,
    http_referer text,
    accept_language text,
    date text
);

-- Legacy text values PostgreSQL cannot store as they are (bad-inputs 21,
-- 22). The loader's client copy lands each one, in its own row and column,
-- as a mark (legacy/landing.py HEX_MARK: U+FFFF and a tag) and the hex of its bytes;
-- legacy_raw.collect_text_repairs() moves them here and sorts them: a value
-- whose bytes are UTF-8 once its NUL bytes are removed is 'nul_bytes' and
-- goes back into its column stripped (repaired); any other is
-- 'invalid_utf8', its column is set NULL and the staging models reject its
-- row. Read by stg_legacy__text_repairs.
create table legacy_raw.text_repairs (
    table_name text not null,
    legacy_id bigint not null,
    column_name text not null,
    raw_hex text not null,
    problem text not null,
    nul_count integer not null,
    repaired text,
    primary key (table_name, legacy_id, column_name)
);

-- The bytes as UTF-8 text, or NULL when they are not valid UTF-8.
create function legacy_raw.utf8_or_null(bytes bytea) returns text
language plpgsql immutable strict as $$
begin
    return convert_from(bytes, 'UTF8');
exception
    when character_not_in_repertoire or untranslatable_character then
        return null;
end;
$$;

-- The values of the landing tables `tables` that start with `mark` (the
-- client exports' legacy/landing.py HEX_MARK) into text_repairs,
-- sorted, and their columns set to the stripped text or NULL (see
-- text_repairs above). The NUL bytes are removed pair by pair of hex
-- digits, so that a 0x00 inside another byte's hex is never touched.
-- Returns the number of values moved.
create function legacy_raw.collect_text_repairs(tables text[], mark text) returns bigint
language plpgsql as $$
declare
    landing record;
    moved bigint;
begin
    for landing in
        select columns.table_name, columns.column_name
        from information_schema.columns as columns
        where
            columns.table_schema = 'legacy_raw'
            and columns.table_name = any(tables)
            and columns.data_type = 'text'
    loop
        execute format(
            'insert into legacy_raw.text_repairs (table_name, legacy_id, column_name, raw_hex, problem, nul_count)'
            ' select %L, id, %L, substr(%I, %s), %L, 0 from legacy_raw.%I where starts_with(%I, %L)',
            landing.table_name, landing.column_name, landing.column_name, length(mark) + 1, 'unsorted',
            landing.table_name, landing.column_name, mark
        );
    end loop;

    with sorted as (
        select
            repairs.table_name,
            repairs.legacy_id,
            repairs.column_name,
            stripped.nul_count,
            legacy_raw.utf8_or_null(decode(coalesce(stripped.hex, ''), 'hex')) as text_value
        from legacy_raw.text_repairs as repairs
        cross join lateral (
            select
                string_agg(byte_pairs.pair, '' order by byte_pairs.position)
                    filter (where byte_pairs.pair <> '00') as hex,
                count(*) filter (where byte_pairs.pair = '00') as nul_count
            from (
                select
                    position,
                    substr(repairs.raw_hex, position, 2) as pair
                from generate_series(1, length(repairs.raw_hex), 2) as position
            ) as byte_pairs
        ) as stripped
        where repairs.problem = 'unsorted'
    )

    update legacy_raw.text_repairs as repairs
    set
        problem = case when sorted.text_value is null then 'invalid_utf8' else 'nul_bytes' end,
        nul_count = sorted.nul_count,
        repaired = sorted.text_value
    from sorted
    where
        repairs.table_name = sorted.table_name
        and repairs.legacy_id = sorted.legacy_id
        and repairs.column_name = sorted.column_name;
    get diagnostics moved = row_count;

    for landing in select distinct table_name, column_name from legacy_raw.text_repairs loop
        execute format(
            'update legacy_raw.%I as landed set %I = repairs.repaired'
            ' from legacy_raw.text_repairs as repairs'
            ' where repairs.table_name = %L and repairs.column_name = %L and repairs.legacy_id = landed.id',
            landing.table_name, landing.column_name, landing.table_name, landing.column_name
        );
    end loop;
    return moved;
end;
$$;
