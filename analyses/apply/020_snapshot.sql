-- Apply step 020: freeze every mart of the apply plan before the first
-- write (the marts read the application tables that the following steps
-- change). The marts and their order are those of the plan, declared in
-- the marts' YAML (docs/apply-plan.md); rejects and reconciliation are
-- frozen too, for the summary apply.py prints.
-- Have the tables the marts read changed since the build started (a site
-- write in between)? Asked once, under the locks step 010 took.
create temporary table apply_build_state on commit drop as
select coalesce(
    (select build.app_state from migration.build_state as build) = migration.app_state(), false
) as is_unchanged;

do $notice$
begin
    if not (select build.is_unchanged from apply_build_state as build) then
        raise notice 'the application tables changed after the build started: the marts are derived again from them';
    end if;
end
$notice$;
{{ apply_snapshots() }}
