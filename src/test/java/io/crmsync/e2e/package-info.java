/**
 * End-to-end tests: two real programs (deploy/run-program.sh, Payara Micro + target/crm-sync.war) synced
 * over HTTP, checked with plain JDBC on both CRM databases.
 *
 * <p>{@code mvn -B verify -Dit.test=PostgresSyncIT} runs one class ({@code MariaDbSyncIT}, {@code H2SyncIT}
 * likewise; {@code -Dit.test='PostgresSyncIT#insert*'} one method). Needs PostgreSQL on 127.0.0.1:5432
 * (user postgres, trust) and MariaDB on 127.0.0.1:3306 (root, no password); each class drops and creates
 * {@code crmsync_it_<program>} databases (H2: ./data/&lt;program&gt;) and uses ports 8310/8320, 8410/8420,
 * 8510/8520. Program output: target/it-logs/&lt;program&gt;.log. Optional system properties:
 * {@code crmsync.it.bootTimeoutSeconds} (default 240), {@code crmsync.it.javaOpts} (JAVA_OPTS of the
 * programs).
 */
package io.crmsync.e2e;
