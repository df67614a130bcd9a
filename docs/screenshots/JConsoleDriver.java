import com.sun.tools.attach.VirtualMachine;
import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.MouseEvent;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JInternalFrame;
import javax.swing.JOptionPane;
import javax.swing.JSplitPane;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import javax.swing.JTextField;
import javax.swing.JTree;
import javax.swing.SwingUtilities;
import javax.swing.tree.TreeNode;
import javax.swing.tree.TreePath;

/**
 * Clicks through JConsole as an operator would, for the screenshots in {@code docs/img}: loaded into JConsole's own
 * JVM as an agent by {@code scripts/screenshots.sh} ({@code jconsole -J-javaagent:driver.jar=<demo pid>,<dir>
 * <demo pid>}), it finds JConsole's Swing components by their text, fills operation forms (the seed's example in hex
 * on the BpfObject, then typed on the map's own MBean), invokes them, opens the typed {@code Entries} of a struct
 * map, and captures the screen with Robot. It seeds that map over its own JMX connection to the demo JVM. Exits
 * JConsole when done; with status 1 and the reason in {@code <dir>/failure.txt} if a step found nothing within 30
 * seconds.
 */
public final class JConsoleDriver {
    private static final long TIMEOUT_MS = 30_000;
    private static final String CAT_KEY = "636174" + "0".repeat(250);
    private static final String S = "java.lang.String";
    /** {@code struct flow_key} → {@code struct flow_stats} of {@code bpf/types.bpf.o}'s map {@code flows}. */
    private static final String[][] FLOWS = {
        {"{\"src\":167772161,\"dst\":167772162,\"port\":443,\"proto\":6}", flowStats(1200, "curl", "GREEN", 0.5)},
        {"{\"src\":167772161,\"dst\":167772163,\"port\":53,\"proto\":17}", flowStats(18, "systemd-resolve",
                "BLUE", 0.25)},
        {"{\"src\":167772164,\"dst\":167772161,\"port\":22,\"proto\":6}", flowStats(4096, "sshd", "RED", 2.5)},
    };

    private final File outputDir;
    private final long demoPid;
    private final Robot robot;
    private Frame frame;
    private JTree tree;
    private JMXConnector demoConnector;
    private MBeanServerConnection demo;

    private JConsoleDriver(long demoPid, File outputDir) throws AWTException {
        this.demoPid = demoPid;
        this.outputDir = outputDir;
        this.robot = new Robot();
    }

    /** {@code <demo pid>,<dir>}: the JVM JConsole is connected to, and where the screenshots go. */
    public static void premain(String arguments) {
        int comma = arguments.indexOf(',');
        File outputDir = new File(arguments.substring(comma + 1));
        Thread thread = new Thread(() -> {
            try {
                new JConsoleDriver(Long.parseLong(arguments.substring(0, comma)), outputDir).run();
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
        connectToDemo();
        ObjectName types = new ObjectName("io.bpfjmx:type=BpfObject,name=types");
        for (String[] flow : FLOWS) {
            demo.invoke(types, "update", new Object[] {"flows", flow[0], flow[1], 0L}, new String[] {S, S, S, "long"});
        }

        connect();
        divider(300);
        expand("io.bpfjmx", "BpfObject", "log_syscalls", "Operations", "updateElem");
        expand("io.bpfjmx", "BpfObject", "types");
        expand("io.bpfjmx", "BpfMap", "types", "flows");
        select(expand("io.bpfjmx", "BpfMap", "log_syscalls", "syscall_count_map", "Attributes"));
        attributes();
        capture("jconsole-mbeans-tree");

        // the seed's example in hex, on the object's MBean
        select(expand("io.bpfjmx", "BpfObject", "log_syscalls", "Operations", "updateElem"));
        fill("syscall_count_map", CAT_KEY, "00000000", "1");
        capture("jconsole-updateElem");
        invoke("updateElem", "jconsole-result");
        invoke("updateElem", "jconsole-error"); // the same NOEXIST insert again: EEXIST

        // cat runs, and the BPF program counts its system calls under the key just inserted
        runCat(1);
        select(expand("io.bpfjmx", "BpfObject", "log_syscalls", "Operations", "lookupElem"));
        fill("syscall_count_map", CAT_KEY);
        invoke("lookupElem", "jconsole-lookupElem");

        // the same example typed by the map's BTF, on the map's own MBean: the key is gone first, for NOEXIST
        ObjectName syscallCountMap = new ObjectName("io.bpfjmx:type=BpfMap,object=log_syscalls,"
                + "name=syscall_count_map");
        demo.invoke(syscallCountMap, "delete", new Object[] {"cat"}, new String[] {S});
        collapse("io.bpfjmx", "BpfObject");
        select(expand("io.bpfjmx", "BpfMap", "log_syscalls", "syscall_count_map", "Operations", "update"));
        fill("cat", "0", "1");
        capture("jconsole-update-typed");
        invoke("update", null);
        runCat(4);
        select(expand("io.bpfjmx", "BpfMap", "log_syscalls", "syscall_count_map", "Operations", "lookup"));
        fill("cat");
        invoke("lookup", "jconsole-lookup-typed");

        // a struct map: its C types, and its entries with one item per field
        collapse("io.bpfjmx", "BpfMap", "log_syscalls");
        select(expand("io.bpfjmx", "BpfMap", "types", "flows", "Attributes"));
        JTable flowsAttributes = attributes();
        int[] widths = columnWidths(flowsAttributes, 130, -1); // the values as wide as they go: ValueType is long
        capture("jconsole-keytype");
        zoom("Entries");
        capture("jconsole-entries-struct");
        columnWidths(flowsAttributes, widths[0], widths[1]); // JConsole has one attribute table for every MBean

        // the meters' names are metrics:name=<meter and tags>,type=meters|timers; JConsole's tree puts type first
        collapse("io.bpfjmx");
        divider(800);
        select(expand("metrics", "meters", "bpfjmxMapOperations.map.syscall_count_map.object.log_syscalls.operation"
                + ".update.outcome.success.reason.none", "Attributes"));
        attributes();
        capture("jconsole-metrics");
        select(expand("metrics", "timers", "bpfjmxMapOperationDuration.map.syscall_count_map.object.log_syscalls"
                + ".operation.update.outcome.success", "Attributes"));
        attributes();
        capture("jconsole-metrics-timer");
        demoConnector.close();
    }

    private static String flowStats(long packets, String comm, String color, double ratio) {
        return "{\"packets\":" + packets + ",\"delta\":-3,\"comm\":\"" + comm + "\",\"color\":\"" + color + "\","
                + "\"labels\":[1,2,3,4],\"range\":{\"lo\":-10,\"hi\":10},\"flag_a\":1,\"flag_b\":5,\"level\":9,"
                + "\"inner_a\":17,\"inner_b\":18,\"u\":{\"as_u32\":16909060},\"matrix\":[[1,2,3],[4,5,6]],"
                + "\"small\":-7,\"medium\":-300,\"enabled\":true,\"big\":\"0x10000000000000000000000005\","
                + "\"wide\":\"WIDE_LARGE\",\"counter\":99,\"ptr\":0,\"ratio\":" + ratio + ",\"mean\":" + ratio * 4
                + "}";
    }

    /** The demo JVM's own JMX connection (the local one JConsole uses too), for what the screenshots need set up. */
    private void connectToDemo() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(demoPid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        demoConnector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        demo = demoConnector.getMBeanServerConnection();
    }

    /** Runs cat, whose system calls the BPF program counts once its key is in the map. */
    private static void runCat(int times) throws Exception {
        for (int i = 0; i < times; i++) {
            new ProcessBuilder("cat", "/proc/version").redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
        }
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

    /**
     * Clicks the operation's button, captures the dialog with the result as {@code <image>.png} (none: the result
     * must not be an error), and closes it.
     */
    private void invoke(String operation, String image) throws Exception {
        onEdt(() -> {
            AbstractButton button = find(AbstractButton.class, b -> operation.equals(b.getText()) && b.isShowing());
            SwingUtilities.invokeLater(button::doClick); // the result dialog is modal: do not wait for it
            return null;
        });
        JDialog dialog = await("the result of " + operation, () -> find(JDialog.class, Component::isShowing));
        if (image != null) {
            capture(image);
        }
        onEdt(() -> {
            JOptionPane result = find(JOptionPane.class, p -> SwingUtilities.isDescendingFrom(p, dialog));
            dialog.dispose();
            if (image == null && result != null && result.getMessageType() == JOptionPane.ERROR_MESSAGE) {
                throw new IllegalStateException(operation + " failed in JConsole: " + result.getMessage());
            }
            return null;
        });
    }

    /** Waits until JConsole has loaded the attribute table of the selected MBean. */
    private JTable attributes() throws Exception {
        return await("the attribute values", () -> find(JTable.class, t -> t.isShowing()
                && t.getClass().getSimpleName().equals("XMBeanAttributes") && t.getRowCount() > 0));
    }

    /**
     * Sets the preferred widths of a table's two columns (-1: the rest of the table's width); returns those they
     * had.
     */
    private static int[] columnWidths(JTable table, int name, int value) throws Exception {
        return onEdt(() -> {
            int[] before = {table.getColumnModel().getColumn(0).getPreferredWidth(),
                table.getColumnModel().getColumn(1).getPreferredWidth()};
            table.getColumnModel().getColumn(0).setPreferredWidth(name);
            table.getColumnModel().getColumn(1).setPreferredWidth(value >= 0 ? value : table.getWidth() - name);
            table.doLayout();
            table.getTableHeader().repaint();
            table.repaint();
            return before;
        });
    }

    /**
     * Double-clicks the value of an attribute of open type in the attribute table, as an operator does to see
     * inside it, and makes the viewer JConsole opens in the table tall enough to show every item of a row without
     * scrolling (JConsole caps it at 220 pixels).
     */
    private void zoom(String attribute) throws Exception {
        JTable table = attributes();
        await("attribute " + attribute, () -> {
            for (int row = 0; row < table.getRowCount(); row++) {
                if (attribute.equals(table.getValueAt(row, 0))) {
                    table.changeSelection(row, 1, false, false);
                    Rectangle cell = table.getCellRect(row, 1, true);
                    table.dispatchEvent(new MouseEvent(table, MouseEvent.MOUSE_PRESSED, System.currentTimeMillis(),
                            InputEvent.BUTTON1_DOWN_MASK, cell.x + 20, cell.y + 5, 2, false, MouseEvent.BUTTON1));
                    return table;
                }
            }
            return null;
        });
        await("the viewer of " + attribute, () -> {
            for (int row = 0; row < table.getRowCount(); row++) {
                if (!attribute.equals(table.getValueAt(row, 0))) {
                    continue;
                }
                // the viewer is what renders the cell now, not a child of the table
                Component cell = table.getCellRenderer(row, 1).getTableCellRendererComponent(table, null, false,
                        false, row, 1);
                if (!cell.getClass().getSimpleName().equals("XOpenTypeViewer")) {
                    return null;
                }
                Container viewer = (Container) cell;
                JTable items = find(JTable.class, t -> SwingUtilities.isDescendingFrom(t, viewer), viewer);
                int height = viewer.getComponent(0).getPreferredSize().height // the navigation buttons
                        + items.getTableHeader().getPreferredSize().height + items.getPreferredSize().height + 8;
                viewer.setPreferredSize(new Dimension(viewer.getPreferredSize().width, height));
                table.setRowHeight(row, height);
                table.revalidate();
                table.repaint();
                return viewer;
            }
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

    private static <T extends Component> T find(Class<T> type, Predicate<T> matching, Component... roots) {
        List<T> all = findAll(type, matching, roots);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Components of {@code type} under these roots (none: every window), in the order they are laid out. */
    private static <T extends Component> List<T> findAll(Class<T> type, Predicate<T> matching, Component... roots) {
        List<T> found = new ArrayList<>();
        Deque<Component> stack = new ArrayDeque<>();
        for (Component root : roots.length > 0 ? roots : Window.getWindows()) {
            stack.push(root);
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
