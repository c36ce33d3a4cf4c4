package io.crmsync.e2e;

/** The end-to-end scenarios with both programs on MARIADB CRM databases. */
class MariaDbSyncIT extends AbstractSyncIT {

    MariaDbSyncIT() {
        super(CrmDatabase.Kind.MARIADB, "it-maria", 8410, 8420);
    }
}
