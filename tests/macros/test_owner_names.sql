-- Owner text -> first name, last name and username base (macros/text.sql:
-- owner_name, owner_first_name, owner_last_name, owner_username_base, as
-- int_owners_from_node_emails uses them): importer-behaviour B.5 rules
-- 14-17 with defect E.6 improved (docs/deviations.md "Name parsing"):
-- trim and collapse whitespace, first word -> first name, the other words
-- -> last name, each word capitalised (A.4), both cut to 30 characters; an
-- empty, blank or NULL owner -> the email's local part with dots as
-- spaces; a username that slugifies to '' -> the email's local part, then
-- user<node id> (bad-inputs 10).
-- Returns the cases where the macros disagree (none = pass).
with cases as (
    select
        owner_text,
        email,
        node_id,
        expected_first_name,
        expected_last_name,
        expected_username
    from (
        values
        -- the reference scenario (same result as the reference)
        ('oldnode1 owner', 'oldnode1@test.com', 1, 'Oldnode1', 'Owner', 'oldnode1-owner'),
        ('oldnode3 pisano', 'oldnode3@test.com', 3, 'Oldnode3', 'Pisano', 'oldnode3-pisano'),
        -- B.5 rule 15 examples, improved (the reference gave Mario / De,
        -- John / Doe and '' / '')
        ('Mario De Rossi', 'mario@x.org', 10, 'Mario', 'De Rossi', 'mario-de-rossi'),
        ('  Mario   De Rossi ', 'mario@x.org', 11, 'Mario', 'De Rossi', 'mario-de-rossi'),
        ('mario de rossi', 'mario@x.org', 12, 'Mario', 'De Rossi', 'mario-de-rossi'),
        -- any whitespace separates words: tab, newline, no-break and
        -- ideographic spaces
        ('Anna' || chr(9) || 'Maria' || chr(10) || 'ROSSI', 'anna@x.org', 13, 'Anna', 'Maria Rossi', 'anna-maria-rossi'),
        (chr(160) || 'Anna' || chr(12288) || 'Bianchi' || chr(160), 'anna@x.org', 14, 'Anna', 'Bianchi', 'anna-bianchi'),
        -- one word: no last name; A.4 capitalisation per word
        ('DE', 'de@x.org', 15, 'De', '', 'de'),
        ('pÉrez-GONZÁLEZ', 'perez@x.org', 16, 'Pérez-gonzález', '', 'perez-gonzalez'),
        ('eLiSa o''Brien', 'elisa@x.org', 17, 'Elisa', 'O''brien', 'elisa-obrien'),
        ('Ñandú Pérez-González', 'nandu@x.org', 18, 'Ñandú', 'Pérez-gonzález', 'nandu-perez-gonzalez'),
        -- empty, blank or NULL owner: the email's local part, dots as spaces
        ('', 'john.doe.smith@x.org', 19, 'John', 'Doe Smith', 'john-doe-smith'),
        ('   ', 'jane.doe@x.org', 20, 'Jane', 'Doe', 'jane-doe'),
        (null, 'solo@x.org', 21, 'Solo', '', 'solo'),
        (chr(12288) || chr(160), 'first.last@x.org', 22, 'First', 'Last', 'first-last'),
        -- unicode names are kept; the username falls back to the email's
        -- local part, then to user<node id>
        ('北京 🙂', 'beijing@x.cn', 23, '北京', '🙂', 'beijing'),
        ('北京', '北京@x.cn', 24, '北京', '', 'user24'),
        -- names longer than 30 characters are cut to 30
        (
            'Bartholomew-Maximilian-Alexander von Hohenzollern-Sigmaringen Junior',
            'bart@x.org', 25,
            'Bartholomew-maximilian-alexand', 'Von Hohenzollern-sigmaringen J',
            'bartholomew-maximilian-alexander-von-hohenzollern-sigmaringen-junior'
        )
    ) as cases (owner_text, email, node_id, expected_first_name, expected_last_name, expected_username)
),

parsed as (
    select
        cases.*,
        {{ owner_name('cases.owner_text', 'cases.email') }} as owner_name
    from cases
),

results as (
    select
        owner_text,
        email,
        expected_first_name,
        expected_last_name,
        expected_username,
        {{ owner_first_name('owner_name') }} as actual_first_name,
        {{ owner_last_name('owner_name') }} as actual_last_name,
        {{ owner_username_base('owner_name', 'email', 'node_id') }} as actual_username
    from parsed
)

select * from results
where
    actual_first_name is distinct from expected_first_name
    or actual_last_name is distinct from expected_last_name
    or actual_username is distinct from expected_username
