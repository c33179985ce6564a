{#- Fails with every row of the model for which `expression` is not true.
    Used for the rules that are a property of each row (a node inside its
    layer, a reconciled entity, ...). -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{% endtest %}
