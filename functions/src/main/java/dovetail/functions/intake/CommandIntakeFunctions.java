package dovetail.functions.intake;

import dovetail.functions.reply.Reply;
import dovetail.functions.thing.CreateThingRequest;
import dovetail.functions.thing.DeleteThingRequest;
import dovetail.functions.thing.GetThingRequest;
import dovetail.functions.thing.UpdateThingRequest;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka command intake as a function, {@code thingCommands}. It is bound to the commands and results topics
 * by Spring Cloud Stream only because {@code spring.cloud.function.definition} names it; no other function is.
 */
@Configuration(proxyBeanMethods = false)
public class CommandIntakeFunctions {

    @Bean
    public ThingCommandIntake thingCommands(Function<CreateThingRequest, Reply> createThing,
                                            Function<UpdateThingRequest, Reply> updateThing,
                                            Function<DeleteThingRequest, Reply> deleteThing,
                                            Function<GetThingRequest, Reply> getThing) {
        return new ThingCommandIntake(createThing, updateThing, deleteThing, getThing);
    }
}
