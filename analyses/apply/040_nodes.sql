-- Apply step 040: nodes with their legacy ids (B.6) and the participation
-- rows Django adds for new nodes (target-schema 7): the marts whose plan
-- says `step: nodes`.
{{ apply_step('nodes') }}
