package io.sparkllm.datasets.humaneval;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one command of an untrusted program in its own work directory, under limits.
 *
 * <p>With bubblewrap the command sees only the read-only toolchain paths, a private /tmp, /proc of
 * its own PID namespace, a minimal /dev and its work directory (at {@value #WORK} inside), with no
 * network (a new network namespace holds only loopback). Started as root, the command drops to an
 * unprivileged uid of its own (RLIMIT_NPROC does not bind root) with no capabilities. In every mode
 * {@code prlimit} sets CPU time, writable memory, processes, file size and no core files, the
 * environment is replaced by a fixed one, output beyond the cap kills the command, and a wall-clock
 * limit kills it and everything it started.
 */
public final class Sandbox {
    /** Where the work directory appears inside bubblewrap. */
    public static final String WORK = "/sandbox";
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    private final SandboxSettings settings;
    private final boolean bubblewrap;
    private final boolean root;

    public Sandbox(SandboxSettings settings) {
        this.settings = settings;
        this.root = runningAsRoot();
        switch (settings.mode()) {
            case "bwrap" -> {
                if (!onPath("bwrap")) {
                    throw new IllegalStateException("sandbox.mode = bwrap but bubblewrap (bwrap) is not installed");
                }
                bubblewrap = true;
            }
            case "limits-only" -> bubblewrap = false;
            case "auto" -> bubblewrap = onPath("bwrap");
            default -> throw new IllegalArgumentException("sandbox.mode must be auto, bwrap or limits-only, got '"
                    + settings.mode() + "'");
        }
        if (!onPath("prlimit")) {
            throw new IllegalStateException("prlimit (util-linux) is not installed");
        }
    }

    /** bwrap or limits-only: what this machine enforces. */
    public String mode() {
        return bubblewrap ? "bwrap" : "limits-only";
    }

    public SandboxSettings settings() {
        return settings;
    }

    /** Where a program finds its work directory: {@value #WORK} inside bubblewrap, else the real path. */
    public String workPathSeenBy(Path workDir) {
        return bubblewrap ? WORK : workDir.toAbsolutePath().toString();
    }

    /**
     * Runs {@code command} with {@code workDir} as its current directory and only {@code env} as its
     * environment. Compile steps get the compile limits, run steps the run limits.
     */
    public RunOutcome run(Path workDir, List<String> command, Map<String, String> env, boolean compileStep)
            throws IOException, InterruptedException {
        int wall = compileStep ? settings.compileWallSeconds() : settings.runWallSeconds();
        int cpu = compileStep ? settings.compileCpuSeconds() : settings.runCpuSeconds();
        int uid = settings.sandboxUid() + Math.floorMod(ProcessHandle.current().pid() * 131 + NEXT_SLOT.getAndIncrement(), 4000);
        if (root) {
            giveTo(workDir, uid);
        }
        List<String> argv = new ArrayList<>();
        if (bubblewrap) {
            argv.addAll(bubblewrapPrefix(workDir));
        } else {
            argv.add("setsid"); // its own process group, killed as one
        }
        if (root) {
            argv.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"));
        }
        argv.addAll(List.of("prlimit", "--cpu=" + cpu + ":" + (cpu + 1), "--data=" + settings.memoryBytes(),
                "--nproc=" + settings.processes(), "--fsize=" + settings.fileBytes(), "--core=0", "--nofile=1024", "--"));
        argv.addAll(command);

        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        String seen = workPathSeenBy(workDir);
        env.forEach((k, v) -> pb.environment().put(k, v.replace("${WORK}", seen)));

        long start = System.nanoTime();
        Process process = pb.start();
        Runnable kill = () -> killAll(process);
        BoundedCapture out = new BoundedCapture(process.getInputStream(), settings.outputBytes(), kill);
        BoundedCapture err = new BoundedCapture(process.getErrorStream(), settings.outputBytes(), kill);
        out.start();
        err.start();
        boolean finished = process.waitFor(wall, TimeUnit.SECONDS);
        if (!finished) {
            killAll(process);
            process.waitFor();
        } else if (!bubblewrap) {
            killAll(process); // background children the program left behind
        }
        out.join(2000);
        err.join(2000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean overflow = out.overflowed() || err.overflowed();
        int code = !finished || overflow ? -1 : process.exitValue();
        return new RunOutcome(code, !finished, overflow, out.text(), err.text(), millis);
    }

    private List<String> bubblewrapPrefix(Path workDir) {
        List<String> a = new ArrayList<>(List.of("bwrap", "--die-with-parent", "--new-session",
                "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"));
        if (!root) {
            a.add("--unshare-user"); // an unprivileged caller needs a user namespace for the rest
        }
        // Directories bubblewrap creates on the way to a mount are private (0700) unless made
        // readable first: the sandbox user could not reach /etc/ssl under a hidden /etc.
        java.util.TreeSet<String> parents = new java.util.TreeSet<>();
        java.util.TreeSet<String> mounts = new java.util.TreeSet<>();
        for (String p : settings.readOnlyPaths()) {
            if (Files.exists(Path.of(p))) {
                mounts.add(p);
                for (Path up = Path.of(p).getParent(); up != null && up.getParent() != null; up = up.getParent()) {
                    parents.add(up.toString());
                }
            }
        }
        for (String dir : parents) {
            a.addAll(List.of("--perms", "0755", "--dir", dir));
        }
        for (String p : mounts) {
            a.addAll(List.of("--ro-bind", p, p));
        }
        // Merged-/usr systems link /bin, /lib... into /usr; link them the same way inside.
        for (String top : List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32")) {
            Path p = Path.of(top);
            if (Files.isSymbolicLink(p)) {
                try {
                    a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), top));
                } catch (IOException e) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(p)) {
                a.addAll(List.of("--ro-bind", top, top));
            }
        }
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--perms", "1777", "--size", String.valueOf(settings.memoryBytes()), "--tmpfs", "/tmp",
                "--bind", workDir.toAbsolutePath().toString(), WORK, "--chdir", WORK, "--"));
        return a;
    }

    /** Kills the command and everything it started (its PID namespace, or its process group). */
    private void killAll(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!bubblewrap) {
            // children that left the process tree (double fork) are still in the group setsid made
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no group left: nothing to kill
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether runs drop to an unprivileged uid of their own (started as root). */
    public boolean dropsPrivileges() {
        return root;
    }

    /**
     * The work directory and its files belong to the run's own uid, which alone may write there;
     * files with more than one link are shared read-only templates and stay root's.
     */
    private static void giveTo(Path workDir, int uid) throws IOException {
        try (var files = Files.walk(workDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && (Integer) Files.getAttribute(p, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS) > 1) {
                    continue;
                }
                Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }
}
