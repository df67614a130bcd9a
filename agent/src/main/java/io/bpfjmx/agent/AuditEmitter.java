package io.bpfjmx.agent;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The audit notifications of one MBean (an object's, or a map's): their types declared in its MBeanInfo, numbered
 * in order, with the MBean's name as source. Listeners are called on the writer's thread.
 */
final class AuditEmitter extends NotificationBroadcasterSupport {
    private final ObjectName source;
    private final AtomicLong sequence = new AtomicLong();
    /** Set by the first listener: until then a write builds no notification at all. */
    private volatile boolean listened;

    AuditEmitter(ObjectName source) {
        super(new MBeanNotificationInfo(Mutation.notificationTypes(), Notification.class.getName(),
                "A write to a map (update, delete, batch update) and its outcome: the message is the audit log's "
                        + "line; the user data names the caller's principal, the map, keys, values, flags, outcome"));
        this.source = source;
    }

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        listened = true;
        super.addNotificationListener(listener, filter, handback);
    }

    /** Whether anyone has listened to this MBean (JConsole's Subscribe, a JMX client): only then is there news. */
    boolean isListened() {
        return listened;
    }

    void announce(String type, String message, CompositeData data) {
        Notification notification = new Notification(type, source, sequence.incrementAndGet(), message);
        notification.setUserData(data);
        sendNotification(notification);
    }
}
