package dovetail.embedded.kafka;

/**
 * Run in a child JVM by {@link KafkaLauncherIT}: starts the in-process broker, reports its log directory and waits
 * to be killed with -9, which leaves that directory behind.
 */
public final class OrphanedKafka {

    public static void main(String[] args) throws Exception {
        KafkaLauncher kafka = KafkaLauncher.builder().start();
        System.out.println("READY " + kafka.logDirectory());
        System.out.flush();
        System.in.read();
    }
}
