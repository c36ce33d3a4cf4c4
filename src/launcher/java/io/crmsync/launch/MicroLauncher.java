package io.crmsync.launch;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Starts Payara Micro exactly as {@code java -jar payara-micro.jar ARGS} does, but ends the JVM with
 * status 1 when the boot fails.
 *
 * <p>Payara Micro's own main class logs a failed boot ("Failed to start, exiting") and returns; the
 * JVM then lives on, serving nothing, held by a Hazelcast thread. The launcher that main class calls
 * with the unchanged command line throws instead, so calling it here keeps every option working.
 * {@code deploy/run-program.sh} runs this class from {@code target/crm-sync-launcher.jar}, whose
 * manifest puts {@code payara-micro.jar} (next to it) on the class path.
 */
public final class MicroLauncher {

    private static final Logger LOG = Logger.getLogger(MicroLauncher.class.getName());
    private static final String PAYARA_LAUNCHER = "fish.payara.micro.boot.PayaraMicroLauncher";
    /** A shutdown hook of a half-started server must not keep the JVM alive after the verdict. */
    private static final long HALT_AFTER_MILLIS = 20_000;

    private MicroLauncher() {}

    public static void main(String[] args) {
        try {
            Class.forName(PAYARA_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            exit(e);
        }
    }

    private static void exit(Throwable failure) {
        LogRecord record = new LogRecord(Level.SEVERE,
                "Payara Micro did not boot ({0}); the JVM exits with status 1 so that whoever started it"
                        + " can start it again");
        record.setParameters(new Object[] {rootCause(failure)});
        record.setThrown(failure);
        record.setLoggerName(LOG.getName());
        LOG.log(record);
        Thread halt = new Thread(MicroLauncher::haltLater, "crmsync-halt-after-failed-boot");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }

    private static void haltLater() {
        try {
            Thread.sleep(HALT_AFTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(1);
    }

    /** The innermost cause: Payara wraps "Server failed to start" in three reflective layers. */
    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
