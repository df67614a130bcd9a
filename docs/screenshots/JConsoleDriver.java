import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JInternalFrame;
import javax.swing.JOptionPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTextField;
import javax.swing.JTree;
import javax.swing.SwingUtilities;
import javax.swing.tree.TreeNode;
import javax.swing.tree.TreePath;

/**
 * Clicks through JConsole as an operator would, for the screenshots in {@code docs/img}: loaded into JConsole's own
 * JVM as an agent by {@code scripts/screenshots.sh} ({@code jconsole -J-javaagent:driver.jar=<dir> <pid>}), it finds
 * JConsole's Swing components by their text, fills the updateElem form, invokes it, and captures the screen with
 * Robot. Exits JConsole when done; with status 1 and the reason in {@code <dir>/failure.txt} if a step found nothing
 * within 30 seconds.
 */
public final class JConsoleDriver {
    private static final long TIMEOUT_MS = 30_000;
    private static final String CAT_KEY = "636174" + "0".repeat(250);

    private final File outputDir;
    private final Robot robot;
    private Frame frame;
    private JTree tree;

    private JConsoleDriver(File outputDir) throws AWTException {
        this.outputDir = outputDir;
        this.robot = new Robot();
    }

    public static void premain(String outputDir) {
        Thread thread = new Thread(() -> {
            try {
                new JConsoleDriver(new File(outputDir)).run();
                System.exit(0);
            } catch (Throwable e) {
                fail(new File(outputDir, "failure.txt"), e);
            }
        }, "jconsole-driver");
        thread.setDaemon(true);
        thread.start();
    }

    /** JConsole shows anything printed in a window of its own, over the screenshots: write to a file instead. */
    private static void fail(File report, Throwable e) {
        try (PrintStream out = new PrintStream(report, StandardCharsets.UTF_8)) {
            e.printStackTrace(out);
        } catch (IOException ignored) {
            // the exit status still tells
        }
        System.exit(1);
    }

    private void run() throws Exception {
        connect();
        divider(300);
        expand("io.bpfjmx", "BpfObject", "log_syscalls", "Operations", "updateElem");
        select(expand("io.bpfjmx", "BpfMap", "log_syscalls", "syscall_count_map", "Attributes"));
        capture("jconsole-mbeans-tree");

        select(expand("io.bpfjmx", "BpfObject", "log_syscalls", "Operations", "updateElem"));
        fill("syscall_count_map", CAT_KEY, "00000000", "1");
        capture("jconsole-updateElem");
        invoke("updateElem", "jconsole-result");
        invoke("updateElem", "jconsole-error"); // the same NOEXIST insert again: EEXIST

        // cat runs, and the BPF program counts its system calls under the key just inserted
        new ProcessBuilder("cat", "/proc/version").redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        select(expand("io.bpfjmx", "BpfObject", "log_syscalls", "Operations", "lookupElem"));
        fill("syscall_count_map", CAT_KEY);
        invoke("lookupElem", "jconsole-lookupElem");

        // the meters' names are metrics:name=<meter and tags>,type=meters|timers; JConsole's tree puts type first
        collapse("io.bpfjmx");
        divider(800);
        select(expand("metrics", "meters", "bpfjmxMapOperations.map.syscall_count_map.object.log_syscalls.operation"
                + ".update.outcome.success.reason.none", "Attributes"));
        capture("jconsole-metrics");
        select(expand("metrics", "timers", "bpfjmxMapOperationDuration.map.syscall_count_map.object.log_syscalls"
                + ".operation.update.outcome.success", "Attributes"));
        capture("jconsole-metrics-timer");
    }

    /** Waits for the connection (accepting JConsole's offer to retry without SSL), then opens the MBeans tab. */
    private void connect() throws Exception {
        JTabbedPane tabs = await("JConsole connected", () -> {
            AbstractButton insecure = find(AbstractButton.class,
                    b -> "Insecure connection".equals(b.getText()) && b.isShowing());
            if (insecure != null) {
                insecure.doClick();
            }
            JInternalFrame connected = find(JInternalFrame.class, f -> f.isShowing()
                    && !f.getTitle().endsWith("(disconnected)"));
            return connected == null ? null : find(JTabbedPane.class, t -> t.indexOfTab("MBeans") >= 0
                    && SwingUtilities.isDescendingFrom(t, connected));
        });
        onEdt(() -> {
            frame = (Frame) SwingUtilities.getWindowAncestor(tabs);
            frame.setBounds(0, 0, 1440, 800);
            frame.validate();
            tabs.setSelectedIndex(tabs.indexOfTab("MBeans"));
            return null;
        });
        // JConsole replaces its first, empty tree once it has listed the MBeans
        tree = await("the MBeans tree", () -> find(JTree.class,
                t -> t.isShowing() && ((TreeNode) t.getModel().getRoot()).getChildCount() > 0));
        await("the \"Connecting\" message to close", () -> find(JOptionPane.class, Component::isShowing) == null
                ? tree : null);
    }

    /** Where the tree ends and the MBean's sheet begins. */
    private void divider(int x) throws Exception {
        onEdt(() -> {
            ((JSplitPane) SwingUtilities.getAncestorOfClass(JSplitPane.class, tree)).setDividerLocation(x);
            return null;
        });
    }

    private void collapse(String... names) throws Exception {
        TreePath path = expand(names);
        onEdt(() -> {
            tree.collapsePath(path);
            return null;
        });
    }

    /**
     * Expands the tree from its root along nodes with these names ({@code "*"}: any node whose subtree holds the
     * next name), waiting until JConsole has loaded each level; returns the path to the last.
     */
    private TreePath expand(String... names) throws Exception {
        return await("tree node " + String.join(" > ", names), () -> {
            TreePath path = new TreePath(tree.getModel().getRoot());
            for (String name : names) {
                tree.expandPath(path);
                path = child(path, name);
                if (path == null) {
                    return null;
                }
            }
            return path;
        });
    }

    private static TreePath child(TreePath parent, String name) {
        TreeNode node = (TreeNode) parent.getLastPathComponent();
        for (Enumeration<? extends TreeNode> children = node.children(); children.hasMoreElements(); ) {
            TreeNode child = children.nextElement();
            if (child.toString().equals(name)) {
                return parent.pathByAddingChild(child);
            }
        }
        return null;
    }

    private void select(TreePath path) throws Exception {
        onEdt(() -> {
            tree.setSelectionPath(path);
            tree.scrollPathToVisible(path);
            return null;
        });
    }

    /** Types the operation's arguments into its form, in order. */
    private void fill(String... arguments) throws Exception {
        await("the operation's " + arguments.length + " parameter fields", () -> {
            List<JTextField> fields = findAll(JTextField.class, f -> f.isShowing() && f.isEditable());
            if (fields.size() != arguments.length) {
                return null;
            }
            for (int i = 0; i < arguments.length; i++) {
                fields.get(i).setText(arguments[i]);
                fields.get(i).setCaretPosition(0);
            }
            return fields;
        });
    }

    /** Clicks the operation's button, captures the dialog with the result, and closes it. */
    private void invoke(String operation, String image) throws Exception {
        onEdt(() -> {
            AbstractButton button = find(AbstractButton.class, b -> operation.equals(b.getText()) && b.isShowing());
            SwingUtilities.invokeLater(button::doClick); // the result dialog is modal: do not wait for it
            return null;
        });
        JDialog dialog = await("the result of " + operation, () -> find(JDialog.class, Component::isShowing));
        capture(image);
        onEdt(() -> {
            dialog.dispose();
            return null;
        });
    }

    /** Saves the JConsole window, with any dialog over it, as {@code <name>.png}. */
    private void capture(String name) throws Exception {
        Thread.sleep(800); // let JConsole finish loading and painting what was just selected
        Rectangle area = onEdt(() -> {
            Rectangle bounds = frame.getBounds();
            for (Window window : Window.getWindows()) {
                if (window instanceof JDialog && window.isShowing()) {
                    bounds = bounds.union(window.getBounds());
                }
            }
            return bounds;
        });
        File file = new File(outputDir, name + ".png");
        if (!ImageIO.write(robot.createScreenCapture(area), "png", file)) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    private <T> T await(String what, Callable<T> probe) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            T found = onEdt(probe);
            if (found != null) {
                return found;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no " + what + " in JConsole after " + TIMEOUT_MS / 1000 + " s");
            }
            Thread.sleep(200);
        }
    }

    private static <T> T onEdt(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static <T extends Component> T find(Class<T> type, Predicate<T> matching) {
        List<T> all = findAll(type, matching);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Components of {@code type} in every window, in the order they are laid out. */
    private static <T extends Component> List<T> findAll(Class<T> type, Predicate<T> matching) {
        List<T> found = new java.util.ArrayList<>();
        Deque<Component> stack = new ArrayDeque<>();
        for (Window window : Window.getWindows()) {
            stack.push(window);
            while (!stack.isEmpty()) {
                Component component = stack.pop();
                if (type.isInstance(component) && matching.test(type.cast(component))) {
                    found.add(type.cast(component));
                }
                if (component instanceof Container container) {
                    Component[] children = container.getComponents();
                    for (int i = children.length - 1; i >= 0; i--) {
                        stack.push(children[i]);
                    }
                }
            }
        }
        return found;
    }
}
