-- Apply step 060: links with their legacy ids (B.10); the mart is empty
-- when var import_links is false. Interfaces are not retyped (E.17).
{{ apply_step('links') }}
