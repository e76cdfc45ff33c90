package io.conntrackd.netlink;

import io.conntrackd.posix.Errno;
import io.conntrackd.posix.Linux;
import io.conntrackd.posix.NativeException;
import io.conntrackd.posix.Posix;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action inside another network namespace, for creating sockets there.
 *
 * <p>A network namespace belongs to a thread in Linux, and a socket stays in the namespace it was
 * created in, whichever thread later reads it. So the action runs on a new, dedicated platform
 * thread that enters the namespace with setns(2), and that thread ends afterwards; the caller's
 * thread and pooled or virtual threads (whose carrier could be shared) never change namespace.
 */
public final class NetworkNamespace {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkNamespace.class);
    private static final String OWN_NAMESPACE = "/proc/thread-self/ns/net";

    private NetworkNamespace() {
    }

    /** Work to do inside the namespace. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} inside the network namespace at {@code path} (for example
     * {@code /var/run/netns/NAME} or {@code /proc/PID/ns/net}) and returns its result.
     *
     * @throws IOException when the namespace cannot be entered (the message names the path) or the
     *         action fails
     */
    public static <T> T call(String path, Action<T> action) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(action, "action");
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                result[0] = runInside(path, action);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "netns-enter");
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join(); // short: the action only creates a socket; join() publishes the results
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure[0];
        if (t instanceof IOException io) {
            throw io;
        } else if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error error) {
            throw error;
        } else if (t != null) {
            throw new IOException(t);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    private static <T> T runInside(String path, Action<T> action) throws IOException {
        var libc = Posix.libc();
        int own = libc.open(OWN_NAMESPACE, Linux.O_RDONLY | Linux.O_CLOEXEC);
        if (own < 0) {
            throw NativeException.lastError("open(" + OWN_NAMESPACE + ")");
        }
        try {
            enter(path);
            try {
                return action.run();
            } finally {
                if (libc.setns(own, Linux.CLONE_NEWNET) < 0) {
                    // harmless: this thread ends right after and nothing else runs on it
                    LOG.debug("could not return to the original network namespace: errno {}", Posix.errno());
                }
            }
        } finally {
            libc.close(own);
        }
    }

    private static void enter(String path) throws IOException {
        var libc = Posix.libc();
        int target = libc.open(path, Linux.O_RDONLY | Linux.O_CLOEXEC);
        if (target < 0) {
            int errno = Posix.errno();
            throw new NativeException("cannot open network namespace " + path + ": " + Posix.strerror(errno)
                    + " (errno " + errno + ")" + (Errno.isPermissionError(errno) ? "; " + PERMISSION_HINT : ""),
                    errno);
        }
        try {
            if (libc.setns(target, Linux.CLONE_NEWNET) < 0) {
                int errno = Posix.errno();
                String why = errno == Errno.EINVAL ? "it is not a network namespace"
                        : Errno.isPermissionError(errno) ? PERMISSION_HINT
                        : Posix.strerror(errno);
                throw new NativeException("cannot enter network namespace " + path + ": " + why + " (errno "
                        + errno + ")", errno);
            }
        } finally {
            libc.close(target);
        }
    }

    static final String PERMISSION_HINT =
            "entering a network namespace requires CAP_SYS_ADMIN (run as root)";
}
