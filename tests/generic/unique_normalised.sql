{#- Fails when two rows share the same value of `column_name` after
    lower(btrim()), the comparison MySQL's _ci collations made and that
    Django's unique columns need here (bad-inputs 35). -#}
{% test unique_normalised(model, column_name) %}
select
    lower(btrim({{ column_name }})) as normalised_value,
    count(*) as occurrences
from {{ model }}
where {{ column_name }} is not null
group by 1
having count(*) > 1
{% endtest %}
