-- Apply step 6: links with their legacy ids (B.10); the mart is empty when
-- var import_links is false. Interfaces are not retyped (E.17).
-- depends_on: {{ ref('links_link') }}
{{ apply_write(
    'links_link', upsert=true,
    site_columns=['added', 'updated', 'status', 'first_seen', 'last_seen', 'noise', 'shortcuts', 'topology_id'],
) }}
