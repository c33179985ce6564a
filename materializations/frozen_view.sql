{#- The `frozen_view` materialization (issue 6), for the marts that read the
    application tables and that the apply copies.

    A mart that reads the application tables has to show them as they are
    when the apply writes, so it is a view; but every data test on a view
    derives it again (at bench S2, a dozen tests over net_ip each re-ran its
    joins and its window), and the apply derived it once more. A
    frozen_view model is created twice from its one SELECT:
      * <name>__live, a view: the mart as the application tables are now;
      * <name>, a table filled from that view once, with statistics: what
        the data tests, the reconciliation and the apply read.
    The build records the state of the tables the marts read when it
    starts (record_build_state). The apply reads the tables when that state
    has not changed under its locks, which is the usual case, and derives
    the marts again from the __live views when the site wrote in between
    (apply_snapshot). -#}
{% materialization frozen_view, adapter='postgres' %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set live_relation = this.incorporate(path={'identifier': live_identifier(this.identifier)}, type='view') -%}
    {%- set existing = load_cached_relation(this) -%}
    {%- set existing_live = load_cached_relation(live_relation) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if existing is not none %}
        {%- do adapter.drop_relation(existing) %}
    {%- endif %}
    {%- if existing_live is not none %}
        {%- do adapter.drop_relation(existing_live) %}
    {%- endif %}

    {% call statement('live_view') -%}
        create view {{ live_relation }} as (
            {{ sql }}
        );
    {%- endcall %}

    {% call statement('main') -%}
        create {{ 'unlogged ' if config.get('unlogged', false) }}table {{ target_relation }} as
        select * from {{ live_relation }};
    {%- endcall %}

    {% call statement('statistics') -%}
        analyze {{ target_relation }};
    {%- endcall %}

    {% do persist_docs(target_relation, model) %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation, live_relation]}) }}
{% endmaterialization %}
