package io.crmsync.e2e;

/** The end-to-end scenarios with both programs on H2 CRM databases. */
class H2SyncIT extends AbstractSyncIT {

    H2SyncIT() {
        super(CrmDatabase.Kind.H2, "it-h2", 8510, 8520);
    }
}
