package io.crmsync.e2e;

/** {@link WildFlyScenarios} on PostgreSQL: A in WildFly on 9320 (ports offset by 1240), B in Payara Micro on 9310. */
class WildFlyIT extends WildFlyScenarios {
    WildFlyIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-wf", 9320, 9310);
    }
}
