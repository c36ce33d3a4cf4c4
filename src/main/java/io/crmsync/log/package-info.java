/** The change log: every change a sync applied (IN) or sent (OUT), with old and new value. */
package io.crmsync.log;
