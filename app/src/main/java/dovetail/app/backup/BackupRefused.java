package dovetail.app.backup;

/** An export or import that was not done, with the reason an operator can act on; nothing was written. */
final class BackupRefused extends Exception {

    BackupRefused(String message) {
        super(message);
    }

    BackupRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
