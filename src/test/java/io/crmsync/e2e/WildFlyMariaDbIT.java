package io.crmsync.e2e;

/**
 * {@link WildFlyScenarios} on MariaDB: WildFly's data source with the MariaDB driver as the CRM's
 * database; A in WildFly on 9340 (ports offset by 1260), B in Payara Micro on 9330.
 */
class WildFlyMariaDbIT extends WildFlyScenarios {
    WildFlyMariaDbIT() {
        super(CrmDatabase.Kind.MARIADB, "it-wfm", 9340, 9330);
    }
}
