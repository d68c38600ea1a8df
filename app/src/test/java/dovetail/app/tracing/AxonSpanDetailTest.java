package dovetail.app.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.tracing.TracingHandlerEnhancerDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which of Axon's spans a command makes: its handling and the append of its events; its local dispatch, each event's
 * publication and the finer ones (the aggregate's lock, each handler method, event processors) only with
 * {@code dovetail.tracing.detailed-spans}. Axon's
 * own auto-configuration and Dovetail's, on the OpenTelemetry SDK exporting to memory.
 */
class AxonSpanDetailTest {

    @Configuration(proxyBeanMethods = false)
    static class Sdk {

        final InMemorySpanExporter exported = InMemorySpanExporter.create();

        @Bean
        InMemorySpanExporter exported() {
            return exported;
        }

        @Bean
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
                    .build();
        }
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AxonTracingAutoConfiguration.class))
            .withUserConfiguration(Sdk.class, TracingConfiguration.class, EssentialAxonSpans.class);

    @Test
    void byDefaultACommandIsItsHandlingAndTheAppendOfItsEvents() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBeansOfType(HandlerEnhancerDefinition.class).values())
                    .noneMatch(TracingHandlerEnhancerDefinition.class::isInstance);
            makeFinerSpans(started.getBean(RepositorySpanFactory.class),
                    started.getBean(EventProcessorSpanFactory.class));
            assertThat(started.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).isEmpty();

            makeCommandSpans(started.getBean(CommandBusSpanFactory.class), started.getBean(EventBusSpanFactory.class));
            List<SpanData> spans = started.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
            assertThat(spans).extracting(SpanData::getName)
                    .containsExactlyInAnyOrder("CommandBus.handleCommand(String)", "EventBus.commitEvents");
            // the event carries the handling span's context: a delivery of it is that span's child
            SpanData handling = spans.stream().filter(span -> span.getName().startsWith("CommandBus")).findFirst()
                    .orElseThrow();
            assertThat(lastEvent.getMetaData().get("traceparent")).asString().contains(handling.getSpanId());
        });
    }

    @Test
    void withDetailedSpansAxonTracesLocksHandlerMethodsAndEventProcessors() {
        context.withPropertyValues("dovetail.tracing.detailed-spans=true").run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBeansOfType(HandlerEnhancerDefinition.class).values())
                    .anyMatch(TracingHandlerEnhancerDefinition.class::isInstance);
            makeFinerSpans(started.getBean(RepositorySpanFactory.class),
                    started.getBean(EventProcessorSpanFactory.class));
            assertThat(started.getBean(InMemorySpanExporter.class).getFinishedSpanItems())
                    .extracting(SpanData::getName)
                    .anySatisfy(name -> assertThat(name).startsWith("Repository.obtainLock"))
                    .anySatisfy(name -> assertThat(name).contains("process"));
            started.getBean(InMemorySpanExporter.class).reset();
            makeCommandSpans(started.getBean(CommandBusSpanFactory.class), started.getBean(EventBusSpanFactory.class));
            assertThat(started.getBean(InMemorySpanExporter.class).getFinishedSpanItems()).extracting(SpanData::getName)
                    .containsExactlyInAnyOrder("CommandBus.dispatchCommand(String)", "CommandBus.handleCommand(String)",
                            "EventBus.publishEvent(String)", "EventBus.commitEvents");
        });
    }

    private EventMessage<?> lastEvent;

    /** As Axon's buses make them for a command handled where it is dispatched, which publishes one event. */
    private void makeCommandSpans(CommandBusSpanFactory commands, EventBusSpanFactory events) {
        CommandMessage<String> command = GenericCommandMessage.asCommandMessage("a command");
        Span dispatch = commands.createDispatchCommandSpan(command, false).start();
        try (SpanScope ignored = dispatch.makeCurrent()) {
            CommandMessage<String> sent = commands.propagateContext(command);
            Span handling = commands.createHandleCommandSpan(sent, false).start();
            try (SpanScope alsoIgnored = handling.makeCurrent()) {
                EventMessage<String> event = GenericEventMessage.asEventMessage("an event");
                Span publication = events.createPublishEventSpan(event).start();
                try (SpanScope publishing = publication.makeCurrent()) {
                    lastEvent = events.propagateContext(event);
                }
                publication.end();
                events.createCommitEventsSpan().start().end();
            }
            handling.end();
        }
        dispatch.end();
    }

    private static void makeFinerSpans(RepositorySpanFactory repository, EventProcessorSpanFactory processors) {
        repository.createObtainLockSpan("thing-1").start().end();
        processors.createProcessEventSpan(false, GenericEventMessage.asEventMessage("an event")).start().end();
    }
}
