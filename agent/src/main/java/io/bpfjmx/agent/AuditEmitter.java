package io.bpfjmx.agent;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
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

    AuditEmitter(ObjectName source) {
        super(new MBeanNotificationInfo(Mutation.notificationTypes(), Notification.class.getName(),
                "A write to a map (update, delete, batch update) and its outcome: the message is the audit log's "
                        + "line; the user data names the caller's principal, the map, keys, values, flags, outcome"));
        this.source = source;
    }

    void announce(String type, String message, CompositeData data) {
        Notification notification = new Notification(type, source, sequence.incrementAndGet(), message);
        notification.setUserData(data);
        sendNotification(notification);
    }
}
