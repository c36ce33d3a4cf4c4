package io.crmsync.e2e;

/** A field's direction as the admin API spells it (as seen from the side the field belongs to). */
enum Direction {
    BOTH, UPLOAD, DOWNLOAD, OFF
}
