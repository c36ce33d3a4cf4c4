package io.crmsync.e2e;

/** The end-to-end scenarios with both programs on POSTGRES CRM databases. */
class PostgresSyncIT extends AbstractSyncIT {

    PostgresSyncIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-pg", 8310, 8320);
    }
}
