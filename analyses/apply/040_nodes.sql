-- Apply step 4: nodes with their legacy ids (B.6) and the participation
-- rows Django adds for new nodes (target-schema 7).
-- depends_on: {{ ref('nodes_node') }}
-- depends_on: {{ ref('participation_node_counts') }}
-- depends_on: {{ ref('participation_node_settings') }}
{{ apply_write(
    'nodes_node', remap={'user_id': 'profiles_profile'}, upsert=true,
    site_columns=['access_level', 'is_published', 'address'],
) }}

{{ apply_write('participation_node_counts') }}

{{ apply_write('participation_node_settings') }}
