-- password_hash_kind and password_shape (macros/checks.sql, issue 19):
-- which legacy admin passwords Django 1.8's default hashers verify, which of
-- those are strong enough for staff, and the words migration.notices uses
-- for the others. The malformed cases are the ones the review found copied
-- as working superuser passwords. Returns the disagreements (none = pass).
with cases as (
    select
        password_value,
        expected_kind,
        expected_shape
    from (
        values
        (
            'pbkdf2_sha256$20000$Xn5KSDvGQyGw$vFb/kcTzYImD91Ddzf4nyed+3k8khPitNr6PEDFfXCY=',
            'strong', 'a well-formed pbkdf2_sha256 hash'
        ),
        (
            'pbkdf2_sha1$20000$Xn5KSDvGQyGw$FZT2crsiyG3Zi28kcipeoC1b1OE=',
            'strong', 'a well-formed pbkdf2_sha1 hash'
        ),
        (
            'bcrypt_sha256$$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
            'strong', 'a well-formed bcrypt_sha256 hash'
        ),
        (
            'bcrypt$$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
            'strong', 'a well-formed bcrypt hash'
        ),
        (
            'sha1$a1976$bee2e9474b8ebe8147c3e054ef32aa1f8d13a758',
            'weak', 'a well-formed sha1 hash'
        ),
        (
            'md5$C2xwUqHfBz4P$f37f9e6f4f076b1239a5c5dff2c8a2ab',
            'weak', 'a well-formed md5 hash'
        ),
        ('crypt$$ab01FAX.bQRSU', 'weak', 'a well-formed crypt hash'),
        ('crypt$ab$ab01FAX.bQRSU', 'weak', 'a well-formed crypt hash'),
        -- malformed: a known algorithm with parts of the wrong shape
        ('md5$x', 'malformed', 'a malformed md5 hash (its parts do not have that algorithm''s shape)'),
        ('crypt$$', 'malformed', 'a malformed crypt hash (its parts do not have that algorithm''s shape)'),
        (
            'pbkdf2_sha256$0$salt$vFb/kcTzYImD91Ddzf4nyed+3k8khPitNr6PEDFfXCY=',
            'malformed', 'a malformed pbkdf2_sha256 hash (its parts do not have that algorithm''s shape)'
        ),
        (
            'pbkdf2_sha256$20000$salt$short=',
            'malformed', 'a malformed pbkdf2_sha256 hash (its parts do not have that algorithm''s shape)'
        ),
        (
            'bcrypt$$2a$12$tooshort',
            'malformed', 'a malformed bcrypt hash (its parts do not have that algorithm''s shape)'
        ),
        (
            'sha1$salt$BEE2E9474B8EBE8147C3E054EF32AA1F8D13A758',
            'malformed', 'a malformed sha1 hash (its parts do not have that algorithm''s shape)'
        ),
        -- unsalted digests: not in Django 1.8's default PASSWORD_HASHERS
        (
            'f37f9e6f4f076b1239a5c5dff2c8a2ab',
            'malformed', 'an unsalted digest, which Django 1.8''s default hashers do not verify'
        ),
        (
            'md5$$f37f9e6f4f076b1239a5c5dff2c8a2ab',
            'malformed', 'an unsalted digest, which Django 1.8''s default hashers do not verify'
        ),
        (
            'sha1$$bee2e9474b8ebe8147c3e054ef32aa1f8d13a758',
            'malformed', 'an unsalted digest, which Django 1.8''s default hashers do not verify'
        ),
        -- plain text: the shape names no part of it
        ('hunter2$secret', 'malformed', 'not a hash Django knows (plain text or an unknown format)'),
        ('', 'malformed', 'empty'),
        ('!', 'unusable', 'Django''s unusable-password marker'),
        ('!Zx9', 'unusable', 'Django''s unusable-password marker'),
        (null, 'unusable', 'NULL')
    ) as cases (password_value, expected_kind, expected_shape)
),

results as (
    select
        password_value,
        expected_kind,
        expected_shape,
        {{ password_hash_kind('password_value') }} as actual_kind,
        {{ password_shape('password_value') }} as actual_shape
    from cases
)

select * from results
where
    actual_kind is distinct from expected_kind
    or actual_shape is distinct from expected_shape
