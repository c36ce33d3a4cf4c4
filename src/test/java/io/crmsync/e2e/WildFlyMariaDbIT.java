package io.crmsync.e2e;

/**
 * {@link WildFlyIT} on MariaDB: WildFly's data source with the MariaDB driver as the CRM's database,
 * program A in WildFly 39 (ports offset by 1260) and B in Payara Micro on 9330, both on MariaDB.
 */
class WildFlyMariaDbIT extends WildFlyIT {
    WildFlyMariaDbIT() {
        super(CrmDatabase.Kind.MARIADB, "it-wfm", 9340, 9330);
    }
}
