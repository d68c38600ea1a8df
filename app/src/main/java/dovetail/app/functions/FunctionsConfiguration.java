package dovetail.app.functions;

import dovetail.functions.intake.CommandIntakeFunctions;
import dovetail.functions.search.SearchFunctions;
import dovetail.functions.synctask.SyncTaskFunctions;
import dovetail.functions.thing.ThingFunctions;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Every function of the server: over HTTP under {@code /functions} (each {@code OfferedFunction}), and
 * {@code thingCommands} on Kafka, bound by {@code spring.cloud.function.definition}.
 */
@Configuration(proxyBeanMethods = false)
@Import({ThingFunctions.class, SearchFunctions.class, SyncTaskFunctions.class, CommandIntakeFunctions.class})
class FunctionsConfiguration {
}
