-- Apply step 2: freeze every mart before the first write (the marts read
-- the application tables that the following steps change).
{% set marts = [
    'profiles_profile', 'profiles_emailaddress', 'profiles_profile_groups',
    'notifications_user_web_settings', 'notifications_user_email_settings',
    'nodes_node', 'participation_node_counts', 'participation_node_settings',
    'net_device', 'net_routing_protocol', 'net_device_routing_protocols',
    'net_interface', 'net_interface_ethernet', 'net_interface_wireless',
    'net_interface_bridge', 'net_interface_tunnel', 'net_interface_vap', 'net_ip',
    'links_link', 'mailing_inward',
    'rejects', 'reconciliation',
] %}
-- Have the tables the marts read changed since the build started (a site
-- write in between)? Asked once, under the locks step 1 took.
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
{% for mart in marts %}
    {{ apply_snapshot(mart) }}
{%- endfor %}
