package dovetail.app.health;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.StreamSupport;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.availability.AvailabilityStateHealthIndicator;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.PingHealthIndicator;
import org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration.BindersHealthContributor;
import org.springframework.stereotype.Component;

/**
 * Bounds every health check to {@code dovetail.health.timeout}. Spring Boot runs the checks of a health request
 * one after the other and without a time limit, so a dead PostgreSQL (the pool waits for a connection) or Kafka
 * (the binder waits up to its health timeout) held a probe for 30 s and more. Each check now runs on a thread of
 * its own; a request starts all of them at once and waits for each until its deadline, so any health answer takes
 * about one timeout at the most. A check that does not answer in time counts as down; while it still runs, later
 * requests do not start another.
 */
@Component
class HealthDeadlines implements BeanPostProcessor, DisposableBean {

    private final ObjectProvider<HealthProperties> properties;
    private final List<BoundedHealthCheck> checks = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "health-check");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Duration timeout;

    HealthDeadlines(ObjectProvider<HealthProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof HealthContributor contributor ? bound(contributor) : bean;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    HealthContributor bound(HealthContributor contributor) {
        if (contributor instanceof AvailabilityStateHealthIndicator || contributor instanceof PingHealthIndicator
            || contributor instanceof BoundedHealthCheck) {
            return contributor;
        }
        if (contributor instanceof HealthIndicator indicator) {
            BoundedHealthCheck check = new BoundedHealthCheck(indicator, this);
            checks.add(check);
            return check;
        }
        if (contributor.getClass() == BindersHealthContributor.class) {
            return new BoundedBinders(this);
        }
        return contributor;
    }

    Duration timeout() {
        if (timeout == null) {
            timeout = properties.getObject().timeout();
        }
        return timeout;
    }

    ExecutorService executor() {
        return executor;
    }

    /** Starts every check that has no fresh answer and is not running, so they wait for their answers together. */
    void startAll() {
        checks.forEach(BoundedHealthCheck::start);
    }

    /**
     * The Kafka binder's health, each binder bounded. The binder registers its check here after this bean is
     * made, so the bean stays of its type and bounds the children as they are asked for, each once.
     */
    private static final class BoundedBinders extends BindersHealthContributor {

        private final HealthDeadlines deadlines;
        private final Map<HealthContributor, HealthContributor> bounded = new ConcurrentHashMap<>();

        BoundedBinders(HealthDeadlines deadlines) {
            this.deadlines = deadlines;
        }

        @Override
        public HealthContributor getContributor(String name) {
            HealthContributor child = super.getContributor(name);
            return child == null ? null : bounded.computeIfAbsent(child, deadlines::bound);
        }

        @Override
        public Iterator<NamedContributor<HealthContributor>> iterator() {
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(super.iterator(), 0), false)
                    .map(named -> NamedContributor.of(named.getName(), getContributor(named.getName()))).iterator();
        }
    }
}
