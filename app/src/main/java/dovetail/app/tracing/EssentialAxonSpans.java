package dovetail.app.tracing;

import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.DefaultCommandBusSpanFactory;
import org.axonframework.eventhandling.DefaultEventBusSpanFactory;
import org.axonframework.eventhandling.DefaultEventProcessorSpanFactory;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.modelling.command.DefaultRepositorySpanFactory;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.queryhandling.DefaultQueryUpdateEmitterSpanFactory;
import org.axonframework.queryhandling.QueryUpdateEmitterSpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.TracingHandlerEnhancerDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The spans Axon makes for a command unless {@code dovetail.tracing.detailed-spans} is set: its handling
 * ({@code CommandBus.handleCommand}) and the append of its events ({@code EventBus.commitEvents}), two where Axon's
 * defaults make eight (its local dispatch, each event's publication, the aggregate's lock, each handler method, the
 * read model's event processor, the subscription queries' updates). Each span is built, exported and stored, so
 * that is most of what tracing costs a command (docs/benchmarks.md). The trace keeps what an operator follows: the
 * request, the command, the append and the sync tasks' deliveries; the events carry the handling span's context
 * ({@code traceparent}), so a delivery is a child of the command that made its first event.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "dovetail.tracing", name = "detailed-spans", havingValue = "false",
        matchIfMissing = true)
class EssentialAxonSpans {

    private static final Span NONE = NoOpSpanFactory.INSTANCE.createRootTrace(() -> "none");

    /** A command's handling; its local dispatch (the same thread, a moment before) makes no span of its own. */
    @Bean
    CommandBusSpanFactory commandBusSpanFactory(SpanFactory spans) {
        CommandBusSpanFactory all = DefaultCommandBusSpanFactory.builder().spanFactory(spans).build();
        return new CommandBusSpanFactory() {
            @Override
            public Span createDispatchCommandSpan(CommandMessage<?> command, boolean distributed) {
                return distributed ? all.createDispatchCommandSpan(command, true) : NONE;
            }

            @Override
            public Span createHandleCommandSpan(CommandMessage<?> command, boolean distributed) {
                return all.createHandleCommandSpan(command, distributed);
            }

            @Override
            public <T> CommandMessage<T> propagateContext(CommandMessage<T> command) {
                return all.propagateContext(command);
            }
        };
    }

    /** The append of a unit of work's events; publishing each event (queuing it for the append) makes no span. */
    @Bean
    EventBusSpanFactory eventBusSpanFactory(SpanFactory spans) {
        EventBusSpanFactory all = DefaultEventBusSpanFactory.builder().spanFactory(spans).build();
        return new EventBusSpanFactory() {
            @Override
            public Span createPublishEventSpan(EventMessage<?> event) {
                return NONE;
            }

            @Override
            public Span createCommitEventsSpan() {
                return all.createCommitEventsSpan();
            }

            @Override
            public <T> EventMessage<T> propagateContext(EventMessage<T> event) {
                return all.propagateContext(event);
            }
        };
    }

    @Bean
    RepositorySpanFactory repositorySpanFactory() {
        return DefaultRepositorySpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
    }

    @Bean
    EventProcessorSpanFactory eventProcessorSpanFactory() {
        return DefaultEventProcessorSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
    }

    @Bean
    QueryUpdateEmitterSpanFactory queryUpdateEmitterSpanFactory() {
        return DefaultQueryUpdateEmitterSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
    }

    /**
     * Axon declares its handler-method tracing unconditionally; here it leaves each handler as it is. Static, as a
     * post-processor is made before the configuration's other beans.
     */
    @Bean
    static BeanPostProcessor noHandlerMethodSpans() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof TracingHandlerEnhancerDefinition ? UNTRACED_HANDLERS : bean;
            }
        };
    }

    private static final HandlerEnhancerDefinition UNTRACED_HANDLERS = new HandlerEnhancerDefinition() {
        @Override
        public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
            return original;
        }
    };
}
