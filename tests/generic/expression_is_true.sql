{#- Fails with every row of the model for which `expression` is not true.
    Used for the rules that are a property of each row (a node inside its
    layer, a reconciled entity, ...).
    On a column (column_name set), a row whose column is NULL passes: the
    rule is about the values the column holds, and whether it may be NULL
    is the not_null test's business (net_interface.name is NULL for a NULL
    legacy cname; issue 16). Any other NULL in the expression still fails:
    a rule that cannot be decided is not a rule that holds. -#}
{% test expression_is_true(model, expression, column_name=none) %}
{%- set column_guard = (column_name ~ ' is not null and ') if column_name is not none else '' %}
select *
from {{ model }}
where {{ column_guard }}not coalesce(({{ expression }}), false)
{% endtest %}
